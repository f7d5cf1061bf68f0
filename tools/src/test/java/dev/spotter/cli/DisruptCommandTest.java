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
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code spotter disrupt} in-process on the shipped example and on broken input: the JSON contract of docs/cli.md. */
class DisruptCommandTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolveSibling("examples");
    private static final String CLUSTER = EXAMPLES.resolve("disrupt-cluster.yaml").toString();
    private static final String NOW = "2026-06-01T12:00:00Z";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path temp;

    private int disrupt(String... args) {
        List<String> all = new ArrayList<>(List.of("disrupt"));
        all.addAll(List.of(args));
        return SpotterCli.withDiscoveredCommands().run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    @Test
    void json_isExactlyTheContract_andTheExampleYieldsCommandsAndBlockedNodes() throws Exception {
        int code = disrupt("-f", CLUSTER, "--now", NOW, "--output", "json");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertThat(stdout.trim().lines()).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(stdout);
        assertThat(fields(json)).containsExactly("commands", "blocked", "hourlyCostBefore", "hourlyCostAfter");
        assertThat(json.get("commands")).isNotEmpty();
        double savings = 0;
        for (JsonNode command : json.get("commands")) {
            assertThat(fields(command)).containsExactly("reason", "candidates", "replacements", "pods", "savingsPerHour");
            assertThat(command.get("reason").asText()).isIn("Empty", "Underutilized", "Drifted", "Expired");
            for (JsonNode replacement : command.get("replacements")) {
                assertThat(fields(replacement)).containsExactly("nodePool", "capacityType", "instanceTypes", "zones", "pods", "hourlyPrice");
                assertThat(replacement.get("capacityType").asText()).isIn("spot", "on-demand");
            }
            savings += command.get("savingsPerHour").asDouble();
        }
        assertThat(json.get("hourlyCostAfter").asDouble()).isCloseTo(json.get("hourlyCostBefore").asDouble() - savings,
                org.assertj.core.data.Offset.offset(1e-9));
        JsonNode first = json.get("commands").get(0);
        assertThat(first.get("reason").asText()).isEqualTo("Empty");
        assertThat(first.get("candidates").get(0).asText()).isEqualTo("node-c");
        List<String> moved = new ArrayList<>();
        json.get("commands").forEach(c -> c.get("candidates").forEach(n -> moved.add(n.asText())));
        assertThat(moved).containsExactlyInAnyOrder("node-a", "node-b", "node-c");

        List<String> blocked = new ArrayList<>();
        for (JsonNode b : json.get("blocked")) {
            assertThat(fields(b)).containsExactly("node", "reason");
            blocked.add(b.get("node").asText() + ": " + b.get("reason").asText());
        }
        assertThat(blocked).anySatisfy(b -> assertThat(b).startsWith("node-d: ").contains("PodDisruptionBudget shop/ledger"))
                .anySatisfy(b -> assertThat(b).startsWith("node-e: ").contains("karpenter.sh/do-not-disrupt"))
                .anySatisfy(b -> assertThat(b).startsWith("node-f: ").contains("consolidateAfter"));
    }

    @Test
    void table_saysTheSameForAPerson_andTheKarpenterBaselineRunsToo() {
        assertThat(disrupt("-f", CLUSTER, "--now", NOW, "--output", "table", "--strategy", "karpenter")).isZero();
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("REASON", "Empty", "node-c", "BLOCKED NODE", "node-d", "Hourly cost:");
    }

    @Test
    void sameNow_sameDecision() {
        disrupt("-f", CLUSTER, "--now", NOW, "--output", "json");
        String first = out.toString(StandardCharsets.UTF_8);
        out.reset();
        disrupt("-f", CLUSTER, "--now", NOW, "--output", "json");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(first);
    }

    @Test
    void beforeConsolidateAfter_nothingIsDisrupted_butTheDecisionIsStillComputed() throws Exception {
        assertThat(disrupt("-f", CLUSTER, "--now", "2026-05-20T08:01:00Z", "--output", "json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("commands")).isEmpty();
        assertThat(json.get("hourlyCostAfter").asDouble()).isEqualTo(json.get("hourlyCostBefore").asDouble());
    }

    @Test
    void invalidInput_exits2_withTheProblemOnStderr() throws Exception {
        assertThat(disrupt("-f", CLUSTER, "--now", "yesterday")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--now", "yesterday");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();

        err.reset();
        Path pdb = temp.resolve("pdb.yaml");
        Files.writeString(pdb, """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata:
                  name: broken
                spec:
                  minAvailable: 1
                  maxUnavailable: 1
                """);
        assertThat(disrupt("-f", CLUSTER, "-f", pdb.toString(), "--now", NOW)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("PodDisruptionBudget/default/broken", "minAvailable");

        err.reset();
        Path node = temp.resolve("node.yaml");
        Files.writeString(node, """
                apiVersion: v1
                kind: Node
                metadata:
                  name: mystery
                  labels:
                    karpenter.sh/nodepool: default
                    karpenter.sh/capacity-type: spot
                status:
                  capacity: {cpu: "2", memory: 8Gi}
                """);
        assertThat(disrupt("-f", CLUSTER, "-f", node.toString(), "--now", NOW)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Node/mystery", "node.kubernetes.io/instance-type");
    }
}
