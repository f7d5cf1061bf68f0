package dev.spotter.config;

import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    private static final String NODE_CLASS = """
            apiVersion: karpenter.k8s.aws/v1
            kind: EC2NodeClass
            metadata:
              name: default
            spec:
              role: KarpenterNodeRole
              amiSelectorTerms:
                - alias: al2023@latest
              subnetSelectorTerms:
                - tags: {karpenter.sh/discovery: demo}
              securityGroupSelectorTerms:
                - tags: {karpenter.sh/discovery: demo}
            """;

    /** A NodePool named "default" whose template spec holds {@code templateSpec} (indented to fit). */
    private static String nodePool(String templateSpec, String spec) {
        return """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: default
                spec:
                %s  template:
                    spec:
                      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                %s""".formatted(spec.indent(2), templateSpec.indent(6)) + "---\n" + NODE_CLASS;
    }

    private static Path sampleDir() throws URISyntaxException {
        return Path.of(ConfigLoaderTest.class.getResource("/config/nodepools.yaml").toURI()).getParent();
    }

    private static void assertError(String yaml, String object, String field, String problem) {
        assertThatThrownBy(() -> ConfigLoader.parse("pools.yaml", yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pools.yaml: " + object + ": " + field + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> {
                    ConfigException error = (ConfigException) e;
                    assertThat(error.source()).isEqualTo("pools.yaml");
                    assertThat(error.object()).isEqualTo(object);
                    assertThat(error.field()).isEqualTo(field);
                });
    }

    @Test
    void loadDirectory_whenSampleNodePools_readsEveryField() throws Exception {
        SpotterConfig config = ConfigLoader.loadDirectory(sampleDir());

        assertThat(config.nodePools()).extracting(NodePool::name).containsExactly("default", "gpu");
        NodePool pool = config.nodePool("default").orElseThrow();
        assertThat(pool.nodeClassName()).isEqualTo("default");
        assertThat(pool.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "platform", "billing/cost-center", "1234"));
        assertThat(pool.annotations()).containsEntry("example.com/owner", "platform-team");
        assertThat(pool.requirements().get("kubernetes.io/arch").orElseThrow())
                .isEqualTo(Requirement.of("kubernetes.io/arch", Operator.IN, List.of("amd64", "arm64")));
        assertThat(pool.requirements().get("karpenter.k8s.aws/instance-category").orElseThrow().minValues()).isEqualTo(2);
        Requirement generation = pool.requirements().get("karpenter.k8s.aws/instance-generation").orElseThrow();
        assertThat(generation.has("6")).isTrue();
        assertThat(generation.has("5")).isFalse();
        assertThat(pool.requirements().get("karpenter.k8s.aws/instance-family").orElseThrow().operator()).isEqualTo(Operator.EXISTS);
        // the deprecated beta zone label is read as topology.kubernetes.io/zone, as Karpenter normalizes it
        assertThat(pool.requirements().get("topology.kubernetes.io/zone").orElseThrow().has("us-east-1e")).isFalse();
        assertThat(pool.startupTaints()).containsExactly(new Taint("ebs.csi.aws.com/agent-not-ready", "", "NoExecute"));
        assertThat(pool.expireAfter()).isEqualTo(Duration.ofHours(720));
        assertThat(pool.terminationGracePeriod()).isEqualTo(Duration.ofHours(48));
        assertThat(pool.limits().cpuMillis()).isEqualTo(1_000_000);
        assertThat(pool.limits().memoryBytes()).isEqualTo(1000L << 30);
        assertThat(pool.disruption().consolidationPolicy()).isEqualTo("WhenEmptyOrUnderutilized");
        assertThat(pool.disruption().consolidateAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(pool.disruption().budgets()).containsExactly(
                new Disruption.Budget("10%", "", null, List.of()),
                new Disruption.Budget("0", "0 9 * * mon-fri", Duration.ofHours(8), List.of("Underutilized", "Drifted")));
        assertThat(pool.weight()).isZero();

        NodePool gpu = config.nodePool("gpu").orElseThrow();
        assertThat(gpu.weight()).isEqualTo(10);
        assertThat(gpu.taints()).containsExactly(new Taint("nvidia.com/gpu", "true", "NoSchedule"));
        assertThat(gpu.expireAfter()).isNull();
        assertThat(gpu.disruption().consolidateAfter()).isNull();
        assertThat(gpu.disruption().budgets()).containsExactly(Disruption.Budget.DEFAULT);
        assertThat(gpu.limits().get(Resources.NVIDIA_GPU)).isEqualTo(16);
        assertThat(gpu.limits().get(NodePool.NODES_LIMIT)).isEqualTo(8);
        assertThat(gpu.requirements().get("karpenter.k8s.aws/instance-gpu-count").orElseThrow().has("4")).isTrue();
        assertThat(gpu.requirements().get("karpenter.k8s.aws/instance-gpu-count").orElseThrow().has("5")).isFalse();
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void loadDirectory_whenSampleNodeClasses_readsEveryField() throws Exception {
        SpotterConfig config = ConfigLoader.loadDirectory(sampleDir());

        NodeClass nodeClass = config.nodeClass("default").orElseThrow();
        assertThat(nodeClass.amiFamily()).isEqualTo("AL2023");
        assertThat(nodeClass.amiSelectorTerms()).containsExactly(new SelectorTerm("", "", "al2023@latest", "", Map.of()));
        assertThat(nodeClass.role()).isEqualTo("KarpenterNodeRole-my-cluster");
        assertThat(nodeClass.instanceProfile()).isEmpty();
        assertThat(nodeClass.subnetSelectorTerms()).containsExactly(
                new SelectorTerm("", "", "", "", Map.of("karpenter.sh/discovery", "my-cluster")),
                new SelectorTerm("subnet-0123456789abcdef0", "", "", "", Map.of()));
        assertThat(nodeClass.securityGroupSelectorTerms()).extracting(SelectorTerm::name).containsExactly("", "eks-cluster-sg-my-cluster");
        assertThat(nodeClass.tags()).containsEntry("team", "platform");
        assertThat(nodeClass.metadataOptions()).isEqualTo(new MetadataOptions("enabled", "disabled", 2, "required"));
        assertThat(nodeClass.blockDeviceMappings()).containsExactly(
                new BlockDeviceMapping("/dev/xvda", true, 100L << 30, "gp3", 3000, 125, true, "", true, ""));
        KubeletConfiguration kubelet = nodeClass.kubelet();
        assertThat(kubelet.maxPods()).isEqualTo(110);
        assertThat(kubelet.systemReserved()).containsEntry("cpu", "100m").containsEntry("memory", "100Mi");
        assertThat(kubelet.kubeReserved()).containsEntry("cpu", "200m");
        assertThat(kubelet.evictionHard()).containsEntry("memory.available", "5%");
        assertThat(kubelet.evictionSoft()).containsEntry("memory.available", "500Mi");
        assertThat(kubelet.evictionSoftGracePeriod()).containsEntry("memory.available", "1m30s");
        assertThat(kubelet.imageGcHighThresholdPercent()).isEqualTo(85);
        assertThat(kubelet.clusterDns()).containsExactly("10.100.0.10");
        assertThat(nodeClass.detailedMonitoring()).isTrue();
        assertThat(nodeClass.associatePublicIpAddress()).isFalse();

        NodeClass gpu = config.nodeClass("gpu").orElseThrow();
        assertThat(gpu.amiFamily()).isEqualTo("Bottlerocket");
        assertThat(gpu.instanceProfile()).isEqualTo("KarpenterNodeInstanceProfile-my-cluster");
        assertThat(gpu.instanceStorePolicy()).isEqualTo("RAID0");
        assertThat(gpu.userData()).contains("max-pods = 58");
        assertThat(gpu.metadataOptions()).isEqualTo(MetadataOptions.DEFAULT);
        assertThat(gpu.kubelet()).isEqualTo(KubeletConfiguration.DEFAULT);
        assertThat(config.nodeClassOf(config.nodePool("gpu").orElseThrow())).isEqualTo(gpu);
    }

    @Test
    void parse_whenMinimalNodePool_appliesKarpentersDefaults() {
        NodePool pool = ConfigLoader.parse("pools.yaml", nodePool("", "")).nodePools().get(0);

        assertThat(pool.expireAfter()).isEqualTo(Duration.ofHours(720));
        assertThat(pool.terminationGracePeriod()).isNull();
        assertThat(pool.disruption()).isEqualTo(Disruption.DEFAULT);
        assertThat(pool.limits().isEmpty()).isTrue();
        assertThat(pool.requirements().isEmpty()).isTrue();
    }

    @Test
    void parse_whenUnknownOperator_namesRequirementOperator() {
        String yaml = nodePool("""
                requirements:
                  - {key: kubernetes.io/arch, operator: In, values: [amd64]}
                  - {key: kubernetes.io/os, operator: In, values: [linux]}
                  - {key: karpenter.sh/capacity-type, operator: Inn, values: [spot]}
                """, "");
        assertError(yaml, "NodePool/default", "spec.template.spec.requirements[2].operator", "unknown operator 'Inn'");
    }

    @Test
    void parse_whenGtHasTwoValues_namesValues() {
        String yaml = nodePool("requirements:\n  - {key: karpenter.k8s.aws/instance-cpu, operator: Gt, values: ['4', '8']}\n", "");
        assertError(yaml, "NodePool/default", "spec.template.spec.requirements[0].values", "must have a single positive integer value");
    }

    @Test
    void parse_whenInWithoutValues_namesValues() {
        String yaml = nodePool("requirements:\n  - {key: kubernetes.io/arch, operator: In}\n", "");
        assertError(yaml, "NodePool/default", "spec.template.spec.requirements[0].values", "must have a value defined");
    }

    @Test
    void parse_whenMinValuesExceedValues_namesMinValues() {
        String yaml = nodePool("requirements:\n  - {key: karpenter.k8s.aws/instance-family, operator: In, values: [m7i, c7i], minValues: 3}\n", "");
        assertError(yaml, "NodePool/default", "spec.template.spec.requirements[0].minValues", "at least that many values");
    }

    @Test
    void parse_whenHostnameRequired_rejectsRestrictedLabel() {
        String yaml = nodePool("requirements:\n  - {key: kubernetes.io/hostname, operator: In, values: [node-1]}\n", "");
        assertError(yaml, "NodePool/default", "spec.template.spec.requirements[0].key", "label \"kubernetes.io/hostname\" is restricted");
    }

    @Test
    void parse_whenRestrictedDomainRequired_rejectsIt() {
        String yaml = nodePool("requirements:\n  - {key: karpenter.sh/initialized, operator: Exists}\n", "");
        assertError(yaml, "NodePool/default", "spec.template.spec.requirements[0].key", "label domain \"karpenter.sh\" is restricted");
        String aws = nodePool("requirements:\n  - {key: karpenter.k8s.aws/made-up, operator: Exists}\n", "");
        assertError(aws, "NodePool/default", "spec.template.spec.requirements[0].key", "label domain \"karpenter.k8s.aws\" is restricted");
    }

    @Test
    void parse_whenTemplateLabelRestricted_namesTheLabel() {
        String yaml = """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata: {name: default}
                spec:
                  template:
                    metadata:
                      labels: {kubernetes.io/role: worker}
                    spec:
                      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                ---
                """ + NODE_CLASS;
        assertError(yaml, "NodePool/default", "spec.template.metadata.labels[kubernetes.io/role]", "label domain \"kubernetes.io\" is restricted");
    }

    @Test
    void parse_whenWeightOutOfRange_namesWeight() {
        assertError(nodePool("", "weight: 101\n"), "NodePool/default", "spec.weight", "must be between 1 and 100, got 101");
        assertError(nodePool("", "weight: 0\n"), "NodePool/default", "spec.weight", "got 0");
    }

    @Test
    void parse_whenTaintEffectInvalid_namesEffect() {
        String yaml = nodePool("taints:\n  - {key: dedicated, value: gpu, effect: NoScheduleX}\n", "");
        assertError(yaml, "NodePool/default", "spec.template.spec.taints[0].effect", "NoScheduleX");
    }

    @Test
    void parse_whenDurationMalformed_namesField() {
        assertError(nodePool("expireAfter: 30d\n", ""), "NodePool/default", "spec.template.spec.expireAfter", "'30d' is not a duration");
        assertError(nodePool("", "disruption: {consolidateAfter: soon}\n"), "NodePool/default", "spec.disruption.consolidateAfter", "'soon'");
    }

    @Test
    void parse_whenLimitNotAQuantity_namesTheResource() {
        assertError(nodePool("", "limits: {nvidia.com/gpu: lots}\n"), "NodePool/default", "spec.limits[nvidia.com/gpu]", "lots");
    }

    @Test
    void parse_whenBudgetScheduleWithoutDuration_namesBudget() {
        String yaml = nodePool("", "disruption:\n  budgets:\n    - {nodes: '0', schedule: '@daily'}\n");
        assertError(yaml, "NodePool/default", "spec.disruption.budgets[0]", "'schedule' must be set with 'duration'");
    }

    @Test
    void parse_whenNodeClassRefUnresolved_namesTheReference() {
        String yaml = nodePool("", "").replace("name: default}", "name: missing}");
        assertError(yaml, "NodePool/default", "spec.template.spec.nodeClassRef.name", "EC2NodeClass 'missing' is not defined");
    }

    @Test
    void parse_whenNodeClassRefOtherKind_rejectsIt() {
        String yaml = nodePool("", "").replace("kind: EC2NodeClass, name", "kind: AKSNodeClass, name");
        assertError(yaml, "NodePool/default", "spec.template.spec.nodeClassRef.kind", "'AKSNodeClass' is not supported");
    }

    @Test
    void parse_whenNameless_namesTheDocumentIndex() {
        String yaml = NODE_CLASS + "---\napiVersion: karpenter.sh/v1\nkind: NodePool\nspec: {}\n";
        assertError(yaml, "document 2 (NodePool)", "metadata.name", "is required");
    }

    @Test
    void parse_whenBetaApiVersion_explainsV1IsNeeded() {
        String yaml = nodePool("", "").replace("karpenter.sh/v1\n", "karpenter.sh/v1beta1\n");
        assertError(yaml, "NodePool/default", "apiVersion", "apiVersion karpenter.sh/v1beta1 is not supported");
    }

    @Test
    void parse_whenYamlSyntaxError_namesDocumentAndLine() {
        assertThatThrownBy(() -> ConfigLoader.parse("pools.yaml", NODE_CLASS + "---\nkind: NodePool\nmetadata: {name: [x\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("pools.yaml: document 2: ")
                .hasMessageContaining("line ")
                .hasMessageContaining("YAML syntax error");
    }

    @Test
    void parse_whenDuplicateKey_rejectsIt() {
        assertThatThrownBy(() -> ConfigLoader.parse("pools.yaml", "kind: NodePool\nkind: EC2NodeClass\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pools.yaml: document 1")
                .hasMessageContaining("Duplicate field 'kind'");
    }

    @Test
    void parse_whenDuplicateNames_namesTheSecond() {
        assertThatThrownBy(() -> ConfigLoader.parse(Map.of("a.yaml", NODE_CLASS, "b.yaml", NODE_CLASS)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("EC2NodeClass/default: metadata.name: duplicate EC2NodeClass name (first defined in");
    }

    @Test
    void parse_whenRoleAndInstanceProfile_requiresExactlyOne() {
        String yaml = NODE_CLASS.replace("role: KarpenterNodeRole", "role: KarpenterNodeRole\n  instanceProfile: Profile");
        assertError(yaml, "EC2NodeClass/default", "spec", "must specify exactly one of ['role', 'instanceProfile']");
        String neither = NODE_CLASS.replace("  role: KarpenterNodeRole\n", "");
        assertError(neither, "EC2NodeClass/default", "spec", "must specify exactly one of ['role', 'instanceProfile']");
    }

    @Test
    void parse_whenNoAliasAndNoAmiFamily_requiresAmiFamily() {
        String yaml = NODE_CLASS.replace("- alias: al2023@latest", "- id: ami-0123456789abcdef0");
        assertError(yaml, "EC2NodeClass/default", "spec.amiFamily", "amiFamily is required");
        NodeClass custom = ConfigLoader.parse("c.yaml", yaml.replace("spec:\n", "spec:\n  amiFamily: Custom\n")).nodeClasses().get(0);
        assertThat(custom.amiFamily()).isEqualTo("Custom");
    }

    @Test
    void parse_whenAliasUnknownFamily_namesAlias() {
        String yaml = NODE_CLASS.replace("al2023@latest", "ubuntu@latest");
        assertError(yaml, "EC2NodeClass/default", "spec.amiSelectorTerms[0].alias", "family 'ubuntu' is not supported");
    }

    @Test
    void parse_whenAliasCombined_rejectsIt() {
        String yaml = NODE_CLASS.replace("- alias: al2023@latest", "- alias: al2023@latest\n    - id: ami-0123456789abcdef0");
        assertError(yaml, "EC2NodeClass/default", "spec.amiSelectorTerms[0].alias", "'alias' is mutually exclusive");
    }

    @Test
    void parse_whenSubnetTermEmpty_namesTheTerm() {
        String yaml = NODE_CLASS.replace("- tags: {karpenter.sh/discovery: demo}\n  securityGroupSelectorTerms", "- {}\n  securityGroupSelectorTerms");
        assertError(yaml, "EC2NodeClass/default", "spec.subnetSelectorTerms[0]", "expected at least one, got none");
    }

    @Test
    void parse_whenEvictionSoftWithoutGracePeriod_namesTheSignal() {
        String yaml = NODE_CLASS + "  kubelet:\n    evictionSoft: {memory.available: 500Mi}\n";
        assertError(yaml, "EC2NodeClass/default", "spec.kubelet.evictionSoft[memory.available]",
                "evictionSoft OwnerKey does not have a matching evictionSoftGracePeriod");
    }

    @Test
    void parse_whenKubeReservedKeyUnknown_namesIt() {
        String yaml = NODE_CLASS + "  kubelet:\n    kubeReserved: {gpu: '1'}\n";
        assertError(yaml, "EC2NodeClass/default", "spec.kubelet.kubeReserved.gpu", "valid keys for kubeReserved");
    }

    @Test
    void parse_whenVolumeSizeMalformed_namesIt() {
        String yaml = NODE_CLASS + "  blockDeviceMappings:\n    - deviceName: /dev/xvda\n      ebs: {volumeSize: 100Mi}\n";
        assertError(yaml, "EC2NodeClass/default", "spec.blockDeviceMappings[0].ebs.volumeSize", "'100Mi' is not a volume size");
    }

    @Test
    void parse_whenRestrictedTag_namesIt() {
        String yaml = NODE_CLASS + "  tags: {kubernetes.io/cluster/demo: owned}\n";
        assertError(yaml, "EC2NodeClass/default", "spec.tags[kubernetes.io/cluster/demo]", "restricted tag");
    }

    @Test
    void parse_whenWrongType_saysWhatWasExpected() {
        assertError(nodePool("", "weight: heavy\n"), "NodePool/default", "spec.weight", "expected an integer, got 'heavy'");
        assertError(nodePool("requirements: {key: a}\n", ""), "NodePool/default", "spec.template.spec.requirements", "expected a list");
    }

    @Test
    void parse_whenUnknownFields_warnsWithTheirPath() {
        String yaml = nodePool("kubelet: {maxPods: 10}\n", "").replaceFirst("  name: default\nspec:", "  name: default\n  colour: blue\nspec:");
        SpotterConfig config = ConfigLoader.parse("pools.yaml", yaml);

        assertThat(config.warnings()).extracting(ConfigWarning::toString).containsExactly(
                "pools.yaml: NodePool/default: metadata.colour: unknown field, ignored",
                "pools.yaml: NodePool/default: spec.template.spec.kubelet: unknown field, ignored");
        assertThat(config.nodePools()).hasSize(1);
    }

    @Test
    void parse_whenOtherKind_warnsAndSkipsIt() {
        String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n" + NODE_CLASS;
        SpotterConfig config = ConfigLoader.parse("all.yaml", yaml);

        assertThat(config.warnings()).singleElement().hasToString("all.yaml: document 1: kind ConfigMap is not Karpenter configuration; skipped");
        assertThat(config.nodeClasses()).hasSize(1);
    }

    @Test
    void loadDirectory_whenNoYaml_saysSo() throws Exception {
        Path empty = Files.createTempDirectory("spotter-config");
        try {
            assertThatThrownBy(() -> ConfigLoader.loadDirectory(empty)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("holds no *.yaml or *.yml file");
        } finally {
            Files.delete(empty);
        }
    }
}
