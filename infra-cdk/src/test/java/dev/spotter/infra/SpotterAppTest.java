package dev.spotter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The app's context handling, and the construct used directly (private endpoint: functions in a VPC). */
class SpotterAppTest {

    @Test
    void build_whenClusterNameMissing_explainsTheCommand() {
        assertThatThrownBy(() -> SpotterApp.build(Synth.app(Map.of())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("missing context clusterName")
                .hasMessageContaining("cdk deploy -c clusterName=NAME");
    }

    @Test
    void build_whenClusterNameInvalid_failsBeforeAnythingIsCreated() {
        assertThatThrownBy(() -> Synth.stack(Map.of("clusterName", "not a name!")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("not a valid EKS cluster name");
    }

    @Test
    void build_whenFunctionArtifactsMissing_namesThemAndSaysHowToBuildThem() {
        assertThatThrownBy(() -> Synth.stack(Map.of("clusterName", "demo", "functionsDir", "target/nope")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("the function artifacts do not exist: webhook (")
                .hasMessageContaining("nope/spotter-webhook.jar")
                .hasMessageContaining("setup (")
                .hasMessageContaining("./mvnw -B package -pl functions -am -DskipTests");
    }

    @Test
    void build_whenDryRunIsNotABoolean_fails() {
        assertThatThrownBy(() -> Synth.stack(Map.of("clusterName", "demo", "dryRun", "yes")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("dryRun must be true or false");
    }

    @Test
    void build_whenRebalanceUnknown_fails() {
        assertThatThrownBy(() -> Synth.stack(Map.of("clusterName", "demo", "rebalance", "sometimes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rebalance must be \"replace\" or \"off\"");
    }

    @Test
    void build_whenSubnetsGivenWithoutVpc_fails() {
        assertThatThrownBy(() -> Synth.stack(Map.of("clusterName", "demo", "subnetIds", "subnet-1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("need -c vpcId");
    }

    @Test
    void build_dryRunAndRebalanceReachTheFunctionsAndTheConfiguration() throws Exception {
        SpotterStack stack = Synth.stack(Map.of("clusterName", "dev-1", "dryRun", "true", "rebalance", "replace",
                "nag", "false"));
        TemplateJson json = new TemplateJson(Synth.json(Synth.template(stack)));

        assertThat(stack.getStackName()).isEqualTo("Spotter-dev-1");
        assertThat(json.properties("AWS::Lambda::Function", "ProvisionerFunction").path("Environment")
                .path("Variables").path("SPOTTER_DRY_RUN").asText()).isEqualTo("true");
        JsonNode config = Synth.JSON.readTree(json.resources("AWS::SSM::Parameter").elements().next()
                .path("Properties").path("Value").asText());
        assertThat(config.path("dryRun").asBoolean()).isTrue();
        assertThat(config.path("rebalance").asText()).isEqualTo("replace");
        assertThat(config.path("clusterName").asText()).isEqualTo("dev-1");
    }

    @Test
    void nodeRoleName_isPredictableAndFitsIam() {
        assertThat(NodeRoleName.forCluster("demo")).isEqualTo("SpotterNodeRole-demo");
        String longName = NodeRoleName.forCluster("a".repeat(100));
        assertThat(longName).hasSize(64).startsWith("SpotterNodeRole-aaa");
        assertThat(NodeRoleName.forCluster("b".repeat(100))).isNotEqualTo(longName).hasSize(64);
    }

    @Test
    void construct_inAVpc_putsEveryJavaFunctionInItsSubnets() {
        App app = Synth.app(Map.of());
        Stack stack = new Stack(app, "Private");
        Aspects.of(app).add(new AwsSolutionsChecks());
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).build(),
                        SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .build()))
                .build();
        new SpotterCluster(stack, "Spotter", SpotterClusterProps.builder()
                .clusterName("private-cluster")
                .configDirectory(Path.of(SpotterApp.DEFAULT_CONFIG))
                .functionArtifacts(FunctionArtifacts.in(Synth.fakeFunctionsDir()))
                .vpc(vpc)
                .build());
        TemplateJson json = new TemplateJson(Synth.json(Synth.template(stack)));

        json.resources("AWS::Lambda::Function").forEach(f -> {
            JsonNode props = f.path("Properties");
            if (props.path("Runtime").asText().equals("java21")) {
                assertThat(props.path("VpcConfig").path("SubnetIds").size()).as(props.path("Handler").asText())
                        .isEqualTo(2);
                assertThat(props.path("VpcConfig").path("SubnetIds").toString()).contains("private");
            }
        });
        // a function in a VPC needs to manage its network interfaces
        for (String role : List.of("ControllerRole", "WebhookRole", "SetupRole")) {
            assertThat(json.properties("AWS::IAM::Role", role).path("ManagedPolicyArns").toString()).as(role)
                    .contains("service-role/AWSLambdaVPCAccessExecutionRole");
        }
        // Spotter's resources pass cdk-nag in a VPC too (the test's own VPC is not Spotter's to judge)
        assertThat(Annotations.fromStack(stack).findError("*", Match.anyValue()))
                .extracting(m -> m.getId() + ": " + m.getEntry().getData())
                .allMatch(m -> m.startsWith("/Private/Vpc"));
    }
}
