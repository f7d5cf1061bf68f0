package dev.spotter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.cli.SpotterCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code spotter bench} on inputs small enough for a unit test; figures are checked for shape, never for speed. */
class BenchCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path temp;

    private int bench(String... args) {
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        return SpotterCli.withDiscoveredCommands().run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** The JSON lines before the blank line that precedes the table. */
    private List<JsonNode> jsonLines() throws Exception {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
            if (line.isBlank()) {
                break;
            }
            objects.add(new ObjectMapper().readTree(line));
        }
        return objects;
    }

    @Test
    void bench_whenSynthetic_printsOneJsonLinePerSizeAndStrategyThenATable() throws Exception {
        int code = bench("--synthetic", "--pods", "40,60", "--runs", "1");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<JsonNode> lines = jsonLines();
        assertThat(lines).hasSize(4);
        assertThat(lines).extracting(j -> j.get("strategy").asText()).containsExactly("cost", "ffd", "cost", "ffd");
        assertThat(lines).extracting(j -> j.get("pods").asInt()).containsExactly(40, 40, 60, 60);
        for (JsonNode line : lines) {
            assertThat(line.fieldNames()).toIterable().startsWith("case", "strategy", "pods", "nodeClaims")
                    .contains("seconds", "podsPerSecond", "cpuSeconds");
            assertThat(line.get("case").asText()).isEqualTo("synthetic");
            // 1/5 of the pods have hostname anti-affinity among themselves: at least that many nodes
            assertThat(line.get("nodeClaims").asInt()).isGreaterThanOrEqualTo(line.get("pods").asInt() / 5);
            assertThat(line.get("unschedulable").asInt()).isZero();
            assertThat(line.get("seconds").asDouble()).isPositive();
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("CASE").contains("PODS/S");
    }

    @Test
    void bench_whenTrace_comparesWithBaselineAndBound() throws Exception {
        Path trace = temp.resolve("openb_pod_list_tiny.csv");
        Files.writeString(trace, """
                name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time
                openb-pod-0000,12000,16384,1,1000,,LS,Running,0,12537496,0
                openb-pod-0001,6000,12288,1,460,,LS,Running,427061,12902960,427061
                openb-pod-0002,4000,8192,0,0,,BE,Running,0,1,0
                openb-pod-0003,88000,327680,8,1000,,LS,Running,0,1,0
                openb-pod-0004,2000,0,0,0,,BE,Pending,0,1,0
                openb-pod-0005,8000,30000,2,1000,T4|A10,LS,Running,0,1,0
                """);

        int code = bench("--trace", trace.toString(), "--runs", "1");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode line = jsonLines().get(0);
        assertThat(line.get("case").asText()).isEqualTo("trace:openb_pod_list_tiny");
        assertThat(line.get("pods").asInt()).isEqualTo(6);
        assertThat(line.get("unschedulable").asInt()).isZero();
        double cost = line.get("hourlyCost").asDouble();
        double bound = line.get("lowerBound").asDouble();
        assertThat(bound).isPositive().isLessThanOrEqualTo(cost);
        assertThat(bound).isLessThanOrEqualTo(line.get("baselineHourlyCost").asDouble());
        assertThat(line.get("ratioToBound").asDouble()).isCloseTo(cost / bound, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(line.get("lowerBoundPods").asInt()).isEqualTo(6);
    }

    @Test
    void bench_daemonSets_defaultToAStockEksNode_andTakeUpRoomOnEveryNode() throws Exception {
        assertThat(bench("--synthetic", "--pods", "60", "--strategy", "cost", "--runs", "1", "--daemonsets", "none")).isZero();
        JsonNode bare = jsonLines().get(0);
        out.reset();
        assertThat(bench("--synthetic", "--pods", "60", "--strategy", "cost", "--runs", "1")).isZero();
        JsonNode eks = jsonLines().get(0);
        out.reset();
        assertThat(bench("--synthetic", "--pods", "60", "--strategy", "cost", "--runs", "1", "--daemonsets", "eks+agent")).isZero();
        JsonNode agent = jsonLines().get(0);

        assertThat(bare.get("daemonSets").asText()).isEqualTo("none");
        assertThat(eks.get("daemonSets").asText()).isEqualTo("eks");
        assertThat(agent.get("daemonSets").asText()).isEqualTo("eks+agent");
        // less room on every node never makes the plan cheaper
        assertThat(eks.get("hourlyCost").asDouble()).isGreaterThanOrEqualTo(bare.get("hourlyCost").asDouble());
        assertThat(agent.get("hourlyCost").asDouble()).isGreaterThan(bare.get("hourlyCost").asDouble());
        assertThat(agent.get("podsPerNode").asDouble())
                .isCloseTo(60.0 / agent.get("nodeClaims").asInt(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("PODS/NODE").contains("eks+agent");
    }

    @Test
    void bench_daemonSets_fromAFile_areUsed_andAFileWithoutDaemonSetsIsAnError() throws Exception {
        Path file = temp.resolve("ds.yaml");
        Files.writeString(file, """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: big, namespace: kube-system}
                spec:
                  selector: {matchLabels: {app: big}}
                  template:
                    metadata: {labels: {app: big}}
                    spec:
                      containers: [{name: big, image: big, resources: {requests: {cpu: "1"}}}]
                """);
        assertThat(bench("--synthetic", "--pods", "40", "--strategy", "cost", "--runs", "1", "--daemonsets", file.toString())).isZero();
        assertThat(jsonLines().get(0).get("daemonSets").asText()).isEqualTo("ds.yaml");

        Path empty = temp.resolve("empty.yaml");
        Files.writeString(empty, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: c}]}\n");
        assertThat(bench("--synthetic", "--daemonsets", empty.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("holds no DaemonSet");
        assertThat(bench("--synthetic", "--daemonsets", temp.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope.yaml");
    }

    @Test
    void bench_whenNothingToRun_exitsTwo() {
        assertThat(bench()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--synthetic").contains("--trace");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void bench_whenTraceMissing_exitsTwoNamingTheFile() {
        assertThat(bench("--trace", temp.resolve("missing.csv").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.csv");
    }

    @Test
    void bench_whenPodCountsMalformed_exitsTwo() {
        assertThat(bench("--synthetic", "--pods", "100,lots")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("lots");
    }

    @Test
    void bench_whenTraceMalformed_exitsTwoNamingLine() throws Exception {
        Path trace = temp.resolve("bad.csv");
        Files.writeString(trace, "name,cpu_milli,memory_mib,num_gpu\na,1000,x,0\n");

        assertThat(bench("--trace", trace.toString(), "--runs", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 2").contains("memory_mib");
    }
}
