package dev.spotter.lambda;

import dev.spotter.adapters.ec2.AwsClients;
import dev.spotter.functions.runtime.Json;
import dev.spotter.testing.DynamoDbTestEndpoint;
import dev.spotter.testing.KubernetesTestServer;
import dev.spotter.testing.Orchestration;
import dev.spotter.testing.SqsTestServer;
import dev.spotter.testing.StateTables;
import dev.spotter.testing.TestAws;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a function under {@link LambdaEmulator} needs, on loopback: the state table and the provisioning queue on the
 * test servers, the configuration object in SSM (moto, AWS_ENDPOINT_URL), a Kubernetes test server found through
 * {@link FakeEks}, and the environment the stack gives each function.
 */
final class RieTestbed implements AutoCloseable {
    /** The handler strings of infra-cdk's SpotterCluster (SpotterClusterTemplateTest checks the same strings). */
    static final Map<String, String> HANDLERS = Map.of(
            "webhook", "dev.spotter.functions.webhook.PendingPodWebhookHandler::handleRequest",
            "provisioner", "dev.spotter.functions.provisioner.ProvisionerHandler::handleRequest",
            "interruption", "dev.spotter.functions.interruption.InterruptionHandler::handleRequest",
            "tick", "dev.spotter.functions.tick.ReconcileTickHandler::handleRequest");
    /** The stack's JAVA_TOOL_OPTIONS (FunctionEnvironment.FAST_START_JVM_OPTIONS). */
    static final String STACK_JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /** The secret path segment of the samples in events/webhook. */
    static final String SECRET = "3f1c0e9a8b7d4c2e9f6a1b0c8d7e6f5a";

    final Path work;
    final KubernetesTestServer kube = new KubernetesTestServer();
    final String cluster = TestAws.uniqueName("rie");
    final FakeEks eks;
    final String table = StateTables.create("rie");
    final String queue = SqsTestServer.createQueue("rie-provisioning");
    final String configParameter = "/spotter-rie/" + cluster + "/config";

    RieTestbed(Path work) throws IOException {
        this.work = Files.createDirectories(work);
        eks = new FakeEks(cluster, kube.url(), work);
        AwsClients.ssm().putParameter(r -> r.name(configParameter).type(ParameterType.STRING).overwrite(true)
                .value(Json.MAPPER.createObjectNode().put("clusterName", cluster).put("dryRun", false)
                        .put("rebalance", "replace").put("nodePoolsYaml", Orchestration.configYaml(cluster)).toString()));
    }

    /** The function's environment as the stack sets it (less the live catalog), on the test servers. */
    Map<String, String> environment(String function, String javaToolOptions) {
        Map<String, String> env = LambdaEmulator.environment(
                "AWS_REGION", "us-east-1", "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
                "AWS_LAMBDA_FUNCTION_NAME", "spotter-" + function,
                "SPOTTER_CLUSTER_NAME", cluster,
                "SPOTTER_TABLE_NAME", table,
                "SPOTTER_PROVISIONING_QUEUE_URL", queue,
                "SPOTTER_CONFIG_PARAMETER", configParameter,
                "SPOTTER_DRY_RUN", "false",
                "SPOTTER_LIVE_CATALOG", "false",
                "SPOTTER_WEBHOOK_PATH_SECRET", SECRET,
                "POWERTOOLS_SERVICE_NAME", "spotter-" + function,
                "POWERTOOLS_METRICS_NAMESPACE", "Spotter",
                "AWS_ENDPOINT_URL_DYNAMODB", DynamoDbTestEndpoint.endpointUri().toString(),
                "AWS_ENDPOINT_URL_SQS", SqsTestServer.endpointUri().toString(),
                "AWS_ENDPOINT_URL_EKS", eks.endpoint());
        if (!javaToolOptions.isBlank()) {
            env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        String moto = System.getenv("AWS_ENDPOINT_URL");
        if (moto != null) {
            env.put("AWS_ENDPOINT_URL", moto);
        }
        return env;
    }

    /** Starts {@code function} from {@code artifact} under the emulator, with the stack's JAVA_TOOL_OPTIONS. */
    LambdaEmulator start(LambdaEmulator.Setup setup, String function, Path artifact) throws IOException {
        return start(setup, function, artifact, STACK_JAVA_TOOL_OPTIONS);
    }

    LambdaEmulator start(LambdaEmulator.Setup setup, String function, Path artifact, String javaToolOptions)
            throws IOException {
        return LambdaEmulator.start(setup, artifact, HANDLERS.get(function), environment(function, javaToolOptions), work);
    }

    /** The sample each function's first invoke gets in the benchmark and the IT. */
    static List<String> functions() {
        return List.of("webhook", "provisioner", "interruption", "tick");
    }

    @Override
    public void close() {
        eks.close();
        kube.close();
    }
}
