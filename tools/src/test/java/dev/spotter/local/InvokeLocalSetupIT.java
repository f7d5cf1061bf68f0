package dev.spotter.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.cli.Command;
import dev.spotter.functions.runtime.Json;
import dev.spotter.testing.TestAws;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local workflow of docs/local.md against moto's server (scripts/test-all.sh exports AWS_ENDPOINT_URL):
 * {@code spotter local-setup} prepares the emulator and writes the environment file, then {@code spotter invoke} runs
 * the provisioner (launching for real on the emulator), the tick and the interruption function with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeLocalSetupIT {
    @TempDir
    static Path dir;
    private final String endpoint = System.getenv("AWS_ENDPOINT_URL");
    private final String cluster = TestAws.uniqueName("it");
    private Path envFile;
    private Path mockCluster;
    private Map<String, String> variables;

    @BeforeAll
    void setUp() throws IOException, URISyntaxException {
        assertThat(endpoint).as("AWS_ENDPOINT_URL (moto's server: scripts/test-all.sh starts one)").isNotBlank();
        mockCluster = Path.of(getClass().getClassLoader().getResource("local/mock-cluster.yaml").toURI());
        // the example's EC2NodeClasses discover subnets tagged for cluster "demo": point them at this test's cluster
        Path config = dir.resolve("nodepools.yaml");
        Files.writeString(config, Files.readString(Path.of("..", "examples", "nodepools.yaml"))
                .replace("karpenter.sh/discovery: demo", "karpenter.sh/discovery: " + cluster));
        envFile = dir.resolve(".spotter-local.env");

        Run first = run(new LocalSetupCommand(), "--endpoint", endpoint, "--env-file", envFile.toString(), "--cluster", cluster,
                "--config", config.toString(), "--region", TestAws.region().id());

        assertThat(first.code).as(first.err).isEqualTo(Command.OK);
        variables = EnvFile.read(envFile);
    }

    @Test
    void localSetup_writesEveryVariableTheFunctionsRead() {
        assertThat(variables).containsEntry("AWS_ENDPOINT_URL", endpoint)
                .containsEntry("SPOTTER_CLUSTER_NAME", cluster)
                .containsEntry("SPOTTER_TABLE_NAME", "spotter-" + cluster + "-state")
                .containsEntry("SPOTTER_AMI_PARAMETER_ROOT", "/spotter-local/" + cluster + "/aws/service")
                .containsEntry("SPOTTER_WEBHOOK_PATH_SECRET", "3f1c0e9a8b7d4c2e9f6a1b0c8d7e6f5a")
                .containsKeys("SPOTTER_PROVISIONING_QUEUE_URL", "SPOTTER_CONFIG_FILE", "AWS_REGION");
        assertThat(variables.get("SPOTTER_PROVISIONING_QUEUE_URL")).endsWith("spotter-" + cluster + "-provisioning");
    }

    @Test
    void localSetup_whenRunAgain_reusesWhatItMade() throws IOException {
        Path second = dir.resolve("again.env");

        Run again = run(new LocalSetupCommand(), "--endpoint", endpoint, "--env-file", second.toString(), "--cluster", cluster,
                "--config", variables.get("SPOTTER_CONFIG_FILE"), "--region", TestAws.region().id());

        assertThat(again.code).as(again.err).isEqualTo(Command.OK);
        assertThat(EnvFile.read(second)).isEqualTo(variables);
        assertThat(again.err).contains("(already there)").doesNotContain("(created)");
    }

    @Test
    void invoke_provisionerOnTheEmulator_launchesNodeClaimsAndStoresThem() throws IOException {
        Run run = invoke("provisioner", "--event", "sqs/provisioning-signal.json", "--env", envFile.toString(),
                "--mock-cluster", mockCluster.toString());

        assertThat(run.code).as(run.err).isEqualTo(Command.OK);
        assertThat(Json.MAPPER.readTree(run.out).path("batchItemFailures")).isEmpty();
        assertThat(run.err).contains("PendingPods=2").contains("ProvisioningPasses=1");
        List<Map<String, AttributeValue>> launched = nodeClaimsWithInstances();
        assertThat(launched).isNotEmpty().allSatisfy(item -> assertThat(item.get("instanceId").s()).startsWith("i-"));
    }

    @Test
    void invoke_tickInDryRun_reportsItsPassAsJson() throws IOException {
        Run run = invoke("tick", "--event", "tick/schedule-input-template.json", "--env", envFile.toString(),
                "--mock-cluster", mockCluster.toString(), "--dry-run");

        assertThat(run.code).as(run.err).isEqualTo(Command.OK);
        JsonNode report = Json.MAPPER.readTree(run.out);
        assertThat(report.path("scheduledTime").asText()).endsWith("Z");
        assertThat(report.path("failedCommands").asInt()).isZero();
        assertThat(report.has("commands")).isTrue();
        assertThat(report.has("launched")).as("the tick ran its provisioning pass").isTrue();
    }

    @Test
    void invoke_interruptionForAStrayInstance_changesNothing() throws IOException {
        Run run = invoke("interruption", "--event", "eventbridge/spot-interruption.json", "--env", envFile.toString(),
                "--mock-cluster", mockCluster.toString());

        assertThat(run.code).as(run.err).isEqualTo(Command.OK);
        assertThat(Json.MAPPER.readTree(run.out).path("batchItemFailures")).isEmpty();
        assertThat(run.err).contains("wrapped in a one-message SQS batch").contains("SqsMessagesHandled=1");
    }

    private List<Map<String, AttributeValue>> nodeClaimsWithInstances() {
        try (DynamoDbClient dynamo = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            return dynamo.scan(b -> b.tableName(variables.get("SPOTTER_TABLE_NAME"))).items().stream()
                    .filter(item -> item.containsKey("instanceId")).toList();
        }
    }

    private static Run invoke(String... args) {
        return run(new InvokeCommand(false, Map.of(), Clock.systemUTC()), args);
    }

    private static Run run(Command command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = command.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
    }
}
