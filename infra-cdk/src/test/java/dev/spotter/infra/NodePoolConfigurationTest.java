package dev.spotter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configuration directory is validated at synth with the functions' own ConfigLoader. */
class NodePoolConfigurationTest {

    static final String NODE_CLASS = """
            apiVersion: karpenter.k8s.aws/v1
            kind: EC2NodeClass
            metadata:
              name: default
            spec:
              role: "${SPOTTER_NODE_ROLE_NAME}"
              amiSelectorTerms:
                - alias: al2023@latest
              subnetSelectorTerms:
                - tags:
                    karpenter.sh/discovery: "${CLUSTER_NAME}"
              securityGroupSelectorTerms:
                - tags:
                    karpenter.sh/discovery: "${CLUSTER_NAME}"
            """;

    static String nodePool(String operator) {
        return """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: default
                spec:
                  template:
                    spec:
                      requirements:
                        - key: karpenter.sh/capacity-type
                          operator: %s
                          values: ["spot"]
                      nodeClassRef:
                        group: karpenter.k8s.aws
                        kind: EC2NodeClass
                        name: default
                """.formatted(operator);
    }

    @Test
    void synth_whenARequirementOperatorIsInvalid_failsNamingFileObjectAndField() {
        Path dir = Synth.configDirectory("bad-operator", Map.of(
                "nodepool.yaml", nodePool("Inn"),
                "ec2nodeclass.yaml", NODE_CLASS));

        assertThatThrownBy(() -> Synth.stack(Map.of("clusterName", "demo", "config", dir.toString())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(dir.resolve("nodepool.yaml").toString())
                .hasMessageContaining("NodePool/default")
                .hasMessageContaining("spec.template.spec.requirements[0].operator")
                .hasMessageContaining("Inn");
    }

    @Test
    void synth_whenANodeClassRefResolvesToNothing_failsNamingIt() {
        Path dir = Synth.configDirectory("missing-class", Map.of("nodepool.yaml", nodePool("In")));

        assertThatThrownBy(() -> Synth.stack(Map.of("clusterName", "demo", "config", dir.toString())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("nodepool.yaml")
                .hasMessageContaining("NodePool/default")
                .hasMessageContaining("nodeClassRef");
    }

    @Test
    void synth_whenYamlIsMalformed_failsNamingTheFile() {
        Path dir = Synth.configDirectory("malformed", Map.of(
                "nodepool.yaml", "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: [unclosed\n",
                "ec2nodeclass.yaml", NODE_CLASS));

        assertThatThrownBy(() -> Synth.stack(Map.of("clusterName", "demo", "config", dir.toString())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("nodepool.yaml");
    }

    @Test
    void load_whenDirectoryIsMissing_saysSo() {
        assertThatThrownBy(() -> NodePoolConfiguration.load(Path.of("target", "no-such-dir"), Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("no-such-dir")
                .hasMessageContaining("does not exist");
    }

    @Test
    void load_whenDirectoryHasNoYaml_saysSo() {
        Path dir = Synth.configDirectory("empty", Map.of("README.md", "nothing here"));

        assertThatThrownBy(() -> NodePoolConfiguration.load(dir, Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("has no *.yaml or *.yml file");
    }

    @Test
    void load_whenOnlyNodeClasses_failsBecauseNothingCouldLaunch() {
        Path dir = Synth.configDirectory("classes-only", Map.of("ec2nodeclass.yaml", NODE_CLASS));

        assertThatThrownBy(() -> NodePoolConfiguration.load(dir, Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("defines no NodePool");
    }

    @Test
    void load_substitutesKnownVariablesAndLeavesOthers() {
        Path dir = Synth.configDirectory("variables", Map.of(
                "a-nodepool.yaml", nodePool("In"),
                "b-ec2nodeclass.yaml", NODE_CLASS + "  userData: |\n    echo ${NOT_A_SPOTTER_VARIABLE}\n"));

        NodePoolConfiguration configuration = NodePoolConfiguration.load(dir, Map.of(
                "CLUSTER_NAME", "demo", "SPOTTER_NODE_ROLE_NAME", "SpotterNodeRole-demo"));

        assertThat(configuration.yaml()).contains("role: \"SpotterNodeRole-demo\"", "karpenter.sh/discovery: \"demo\"",
                "echo ${NOT_A_SPOTTER_VARIABLE}");
        assertThat(configuration.yaml().indexOf("kind: NodePool"))
                .isLessThan(configuration.yaml().indexOf("kind: EC2NodeClass")); // file-name order
        assertThat(configuration.nodeRoleNames()).containsExactly("SpotterNodeRole-demo");
    }

    @Test
    void defaultConfiguration_isKarpentersGettingStartedShapeWithTheStacksNodeRole() {
        NodePoolConfiguration configuration = NodePoolConfiguration.load(Path.of(SpotterApp.DEFAULT_CONFIG), Map.of(
                "CLUSTER_NAME", "demo", "SPOTTER_NODE_ROLE_NAME", "SpotterNodeRole-demo"));

        assertThat(configuration.config().nodePools()).extracting(p -> p.name()).containsExactly("default");
        assertThat(configuration.config().nodeClasses()).singleElement().satisfies(c -> {
            assertThat(c.role()).isEqualTo("SpotterNodeRole-demo");
            assertThat(c.subnetSelectorTerms()).isNotEmpty();
        });
        assertThat(configuration.config().warnings()).isEmpty();
    }

    @Test
    void synth_whenTheConfigurationNamesAnotherNodeRole_mayPassItToo() {
        Path dir = Synth.configDirectory("karpenter-role", Map.of(
                "nodepool.yaml", nodePool("In"),
                "ec2nodeclass.yaml", NODE_CLASS.replace("${SPOTTER_NODE_ROLE_NAME}", "KarpenterNodeRole-demo")));

        TemplateJson json = new TemplateJson(Synth.json(Synth.template(Synth.stack(Map.of(
                "clusterName", "demo", "config", dir.toString(), "nag", "false")))));

        String role = json.logicalId("AWS::IAM::Role", "ControllerRole");
        JsonNode passRole = null;
        for (JsonNode s : json.policyStatementsOfRole(role)) {
            if (s.path("Sid").asText().equals("AllowPassingInstanceRole")) {
                passRole = s;
            }
        }
        assertThat(passRole).isNotNull();
        assertThat(passRole.path("Resource").toString()).contains("NodesRole").contains(":role/KarpenterNodeRole-demo");
    }

    @Test
    void synth_whenTheConfigurationIsLarge_usesTheAdvancedParameterTier() {
        StringBuilder pools = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            pools.append(nodePool("In").replace("name: default\nspec", "name: pool-" + i + "\nspec")).append("---\n");
        }
        Path dir = Synth.configDirectory("large", Map.of("nodepools.yaml", pools.toString(),
                "ec2nodeclass.yaml", NODE_CLASS));

        TemplateJson json = new TemplateJson(Synth.json(Synth.template(Synth.stack(Map.of(
                "clusterName", "demo", "config", dir.toString(), "nag", "false")))));

        JsonNode parameter = json.resources("AWS::SSM::Parameter").elements().next().path("Properties");
        assertThat(parameter.path("Value").asText().length()).isGreaterThan(SpotterCluster.STANDARD_PARAMETER_LIMIT);
        assertThat(parameter.path("Tier").asText()).isEqualTo("Advanced");
    }

    @Test
    void synth_whenTheConfigurationHasToleratedOddities_reportsThemAsWarnings() {
        Path dir = Synth.configDirectory("warnings", Map.of(
                "nodepool.yaml", nodePool("In").replace("  template:", "  unknownField: 1\n  template:"),
                "ec2nodeclass.yaml", NODE_CLASS));

        SpotterStack stack = Synth.stack(Map.of("clusterName", "demo", "config", dir.toString(), "nag", "false"));

        assertThat(Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp(".*unknownField.*")))
                .isNotEmpty();
    }
}
