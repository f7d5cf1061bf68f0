package dev.spotter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** Runs {@code spotter simulate} in-process: the README's main job on its shipped example, and broken input. */
class SimulateCommandTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolveSibling("examples");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path temp;

    private int simulate(String... args) {
        List<String> all = new ArrayList<>(List.of("simulate"));
        all.addAll(List.of(args));
        return SpotterCli.withDiscoveredCommands().run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** The README's command: ./spotter simulate --config examples/nodepools.yaml --workload examples/inference-day.yaml */
    @Test
    void theReadmeMainJobWritesBothReportsWithTheirKeyFigures() throws Exception {
        Path reports = temp.resolve("report");
        int code = simulate("--config", EXAMPLES.resolve("nodepools.yaml").toString(),
                "--workload", EXAMPLES.resolve("inference-day.yaml").toString(), "--out", reports.toString(), "--no-progress");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("spotter", "karpenter-style", "on-demand-static",
                "report: " + reports.resolve("report.html").toAbsolutePath());
        JsonNode report = new ObjectMapper().readTree(reports.resolve("report.json").toFile());
        assertThat(report.path("seed").asLong()).isEqualTo(1);
        assertThat(report.path("simulatedSeconds").asDouble()).isEqualTo(86400.0);
        assertThat(report.path("pods").asInt()).isPositive();
        assertThat(report.path("events").asLong()).isPositive();
        JsonNode strategies = report.path("strategies");
        assertThat(strategies.fieldNames()).toIterable().containsExactly("spotter", "karpenter-style", "on-demand-static");
        for (JsonNode strategy : strategies) {
            assertThat(strategy.has("totalCost")).isTrue();
            assertThat(strategy.path("spotShare").asDouble()).isBetween(0.0, 1.0);
            assertThat(strategy.path("podWaitSeconds").fieldNames()).toIterable().containsExactly("p50", "p95", "p99", "max");
            assertThat(strategy.path("podsEvicted").fieldNames()).toIterable()
                    .contains("interruption", "consolidation", "expiration");
            assertThat(strategy.path("costSeries").isArray()).isTrue();
            for (String field : List.of("nodesLaunched", "nodesTerminated", "unschedulablePods", "interruptions",
                    "replacementsReadyBeforeTermination")) {
                assertThat(strategy.has(field)).as(field).isTrue();
            }
        }
        JsonNode spotter = strategies.path("spotter");
        JsonNode staticGroup = strategies.path("on-demand-static");
        // spot first: cheaper than the static on-demand group sized for the peak, and every pod bound
        assertThat(spotter.path("totalCost").asDouble()).isPositive().isLessThan(staticGroup.path("totalCost").asDouble());
        assertThat(spotter.path("spotShare").asDouble()).isGreaterThan(0.5);
        assertThat(spotter.path("unschedulablePods").asInt()).isZero();
        assertThat(spotter.path("podWaitSeconds").path("p50").asDouble()).isPositive();
        assertThat(staticGroup.path("spotShare").asDouble()).isZero();
        assertThat(spotter.path("costSeries").size()).isGreaterThan(100);

        String html = Files.readString(reports.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("echarts", "\"strategies\"", "id=\"cost\"").doesNotContain("/*REPORT*/", "/*ECHARTS*/");
        assertThat(html).doesNotContain("src=\"http", "href=\"http");
    }

    @Test
    void invalidInputExitsWithTwoAndSaysWhatWasWrong() throws Exception {
        Path workload = temp.resolve("bad.yaml");
        Files.writeString(workload, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers: [{name: a, image: b}]
                ---
                apiVersion: spotter.dev/v1alpha1
                kind: SimulationSchedule
                spec:
                  replicas:
                    - workload: default/nope
                      points: [{at: 1h, replicas: 2}]
                """);
        int code = simulate("--config", EXAMPLES.resolve("nodepools.yaml").toString(), "--workload", workload.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("default/nope", "names no workload");
    }

    @Test
    void aMissingOptionOrABadDurationIsAUsageError() {
        assertThat(simulate("--workload", "x.yaml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--config is required");
        assertThat(simulate("--config", EXAMPLES.resolve("nodepools.yaml").toString(), "--workload",
                EXAMPLES.resolve("inference-day.yaml").toString(), "--duration", "a day")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--duration");
    }
}
