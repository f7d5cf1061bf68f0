package dev.spotter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.manifest.ManifestReader;
import dev.spotter.cluster.Pod;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code spotter plan} in-process on the shipped examples and on broken input. */
class PlanCommandTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolveSibling("examples");
    private static final String NODEPOOLS = EXAMPLES.resolve("nodepools.yaml").toString();
    private static final String WEB_BATCH = EXAMPLES.resolve("web-batch.yaml").toString();
    private static final String GPU = EXAMPLES.resolve("gpu-inference.yaml").toString();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path temp;

    private int plan(String... args) {
        List<String> all = new ArrayList<>(List.of("plan"));
        all.addAll(List.of(args));
        return SpotterCli.withDiscoveredCommands().run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cost", "ffd"})
    void plan_whenJsonOutput_printsOneContractObjectAccountingForEveryPendingPod(String strategy) throws Exception {
        int code = plan("-f", NODEPOOLS, "-f", WEB_BATCH, "--output", "json", "--strategy", strategy);

        assertThat(code).as(stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(stdout().strip().lines()).hasSize(1);
        assertThat(json.fieldNames()).toIterable().containsExactly("nodeClaims", "existingNodes", "unschedulable", "hourlyCost");
        double sum = 0;
        List<String> placed = new ArrayList<>();
        for (JsonNode claim : json.get("nodeClaims")) {
            assertThat(claim.fieldNames()).toIterable()
                    .containsExactly("name", "nodePool", "capacityType", "instanceTypes", "zones", "pods", "hourlyPrice");
            assertThat(claim.get("capacityType").asText()).isIn("spot", "on-demand");
            assertThat(claim.get("instanceTypes")).isNotEmpty();
            assertThat(claim.get("zones")).isNotEmpty().allSatisfy(zone -> assertThat(zone.asText()).startsWith("us-east-1"));
            assertThat(claim.get("hourlyPrice").asDouble()).isPositive();
            claim.get("pods").forEach(pod -> placed.add(pod.asText()));
            sum += claim.get("hourlyPrice").asDouble();
        }
        for (JsonNode node : json.get("existingNodes")) {
            assertThat(node.get("name").asText()).isEqualTo("ip-10-0-12-34.ec2.internal");
            node.get("pods").forEach(pod -> placed.add(pod.asText()));
        }
        for (JsonNode unschedulable : json.get("unschedulable")) {
            assertThat(unschedulable.get("reason").asText()).isNotBlank();
            placed.add(unschedulable.get("pod").asText());
        }
        assertThat(json.get("hourlyCost").asDouble()).isCloseTo(sum, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(placed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(pendingPods(NODEPOOLS, WEB_BATCH));
    }

    @Test
    void plan_whenGpuExample_putsGpuPodsOnGpuNodePoolOnly() throws Exception {
        int code = plan("-f", NODEPOOLS, "-f", GPU, "-o", "json");

        assertThat(code).as(stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(json.get("nodeClaims")).isNotEmpty();
        for (JsonNode claim : json.get("nodeClaims")) {
            boolean gpuPods = false;
            for (JsonNode pod : claim.get("pods")) {
                gpuPods |= !pod.asText().startsWith("ml/gateway-");
            }
            assertThat(claim.get("nodePool").asText()).isEqualTo(gpuPods ? "gpu" : "default");
        }
    }

    @Test
    void plan_whenTableOutput_printsAlignedSectionsAndTotal() {
        int code = plan("-f", NODEPOOLS, "-f", WEB_BATCH);

        assertThat(code).as(stderr()).isZero();
        List<String> lines = stdout().lines().toList();
        assertThat(lines.get(0)).startsWith("NODECLAIM").contains("NODEPOOL").contains("CAPACITY").endsWith("$/HOUR");
        assertThat(lines.get(1).indexOf(' ', lines.get(0).indexOf("NODEPOOL")) - lines.get(0).indexOf("NODEPOOL"))
                .isGreaterThan(0);
        assertThat(stdout()).contains("EXISTING NODE").contains("ip-10-0-12-34.ec2.internal");
        assertThat(lines.get(lines.size() - 1)).startsWith("TOTAL").contains("new node claim").endsWith("/hour");
    }

    @Test
    void plan_whenYamlInvalid_exitsTwoNamingFileObjectAndFieldWithNothingOnStdout() throws Exception {
        Path bad = temp.resolve("pools.yaml");
        Files.writeString(bad, """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: broken
                spec:
                  template:
                    spec:
                      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                      requirements:
                        - key: karpenter.sh/capacity-type
                          operator: Inn
                          values: ["spot"]
                """);

        int code = plan("-f", bad.toString(), "-o", "json");

        assertThat(code).isEqualTo(2);
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).contains(bad.toString()).contains("NodePool/broken")
                .contains("spec.template.spec.requirements[0].operator").contains("Inn");
    }

    @Test
    void plan_whenPodRequestMalformed_namesThePodAndField() throws Exception {
        Path bad = temp.resolve("pod.yaml");
        Files.writeString(bad, """
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: shop}
                spec:
                  containers:
                    - name: web
                      image: nginx
                      resources:
                        requests: {cpu: lots}
                """);

        int code = plan("-f", NODEPOOLS, "-f", bad.toString(), "-o", "json");

        assertThat(code).isEqualTo(2);
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).contains(bad.toString()).contains("web").contains("cpu").contains("lots");
    }

    @Test
    void plan_whenYamlSyntaxBroken_exitsTwo() throws Exception {
        Path bad = temp.resolve("broken.yaml");
        Files.writeString(bad, "kind: Pod\nmetadata: [\n");

        assertThat(plan("-f", bad.toString())).isEqualTo(2);
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).contains(bad.toString());
    }

    @Test
    void plan_whenNoFileGiven_exitsTwoWithUsage() {
        assertThat(plan("--output", "json")).isEqualTo(2);
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).contains("-f FILE");
    }

    @Test
    void plan_whenFileMissing_exitsTwoNamingIt() {
        assertThat(plan("-f", temp.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(stderr()).contains("nope.yaml");
    }

    @Test
    void plan_whenOutputFormatUnknown_exitsTwo() {
        assertThat(plan("-f", NODEPOOLS, "--output", "xml")).isEqualTo(2);
        assertThat(stderr()).contains("--output").contains("xml");
    }

    @Test
    void plan_whenUnknownOption_exitsTwo() {
        assertThat(plan("-f", NODEPOOLS, "--dry-run")).isEqualTo(2);
        assertThat(stderr()).contains("--dry-run");
    }

    @Test
    void plan_whenCatalogGiven_plansOnlyItsTypes() throws Exception {
        Path catalog = temp.resolve("catalog.csv");
        List<String> lines = new ArrayList<>();
        try (InputStream in = CatalogCsv.class.getResourceAsStream(CatalogCsv.DEFAULT_RESOURCE)) {
            List<String> all = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            lines.add(all.get(0));
            all.stream().filter(line -> line.startsWith("m7g.") || line.startsWith("m7i.")).forEach(lines::add);
        }
        Files.write(catalog, lines);

        int code = plan("-f", NODEPOOLS, "-f", WEB_BATCH, "--catalog", catalog.toString(), "-o", "json");

        assertThat(code).as(stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(json.get("nodeClaims")).isNotEmpty();
        for (JsonNode claim : json.get("nodeClaims")) {
            claim.get("instanceTypes").forEach(type -> assertThat(type.asText()).matches("m7[gi]\\..*"));
        }
    }

    @Test
    void plan_whenDirectoryGiven_readsEveryYamlInIt() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("manifests"));
        Files.copy(Path.of(NODEPOOLS), dir.resolve("a-nodepools.yaml"));
        Files.copy(Path.of(WEB_BATCH), dir.resolve("b-web.yaml"));

        int code = plan("-f", dir.toString(), "-o", "json");

        assertThat(code).as(stderr()).isZero();
        assertThat(new ObjectMapper().readTree(stdout()).get("nodeClaims")).isNotEmpty();
    }

    private static Set<String> pendingPods(String... files) throws Exception {
        Set<String> keys = new HashSet<>();
        for (String file : files) {
            for (Pod pod : ManifestReader.read(Path.of(file)).pendingPods()) {
                keys.add(pod.key());
            }
        }
        return keys;
    }
}
