package dev.spotter.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.cli.Command;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.Samples;
import dev.spotter.testing.DynamoDbTestEndpoint;
import dev.spotter.testing.SqsTestServer;
import dev.spotter.testing.StateTables;
import dev.spotter.testing.TestAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spotter invoke} run in this JVM on the shipped samples, against moto's DynamoDB and ElasticMQ (or whatever
 * AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SQS name), configured only through an environment file as a user
 * would: asserts on the JSON printed on stdout and on the state the invocation left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeCommandIT {
    private static final String CLUSTER = "demo";

    @TempDir
    static Path dir;
    private String table;
    private String queueUrl;
    private Path envFile;
    private Path mockCluster;

    @BeforeAll
    void environment() throws IOException, URISyntaxException {
        table = StateTables.create("invoke");
        queueUrl = SqsTestServer.createQueue("invoke-provisioning");
        mockCluster = Path.of(getClass().getClassLoader().getResource("local/mock-cluster.yaml").toURI());
        Path config = Path.of("..", "examples", "nodepools.yaml").toAbsolutePath().normalize();
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AWS_REGION", TestAws.region().id());
        if (System.getenv("AWS_ACCESS_KEY_ID") == null && SqsTestServer.isEmbedded()) {
            variables.put("AWS_ACCESS_KEY_ID", "testing");
            variables.put("AWS_SECRET_ACCESS_KEY", "testing");
        }
        variables.put("AWS_ENDPOINT_URL_DYNAMODB", DynamoDbTestEndpoint.endpointUri().toString());
        variables.put("AWS_ENDPOINT_URL_SQS", SqsTestServer.endpointUri().toString());
        variables.put("SPOTTER_CLUSTER_NAME", CLUSTER);
        variables.put("SPOTTER_CONFIG_FILE", config.toString());
        variables.put("SPOTTER_TABLE_NAME", table);
        variables.put("SPOTTER_PROVISIONING_QUEUE_URL", queueUrl);
        variables.put("SPOTTER_WEBHOOK_PATH_SECRET", LocalSetupCommand.samplePathSecret());
        variables.put("SPOTTER_WEBHOOK_DELAY_SECONDS", "0");
        StringBuilder text = new StringBuilder("# written by InvokeCommandIT\n");
        variables.forEach((name, value) -> text.append("export ").append(name).append("='").append(value).append("'\n"));
        envFile = dir.resolve("invoke.env");
        Files.writeString(envFile, text);
    }

    @AfterAll
    void dropTable() {
        StateTables.delete(table);
    }

    @Test
    void invoke_webhookOnAdmissionSample_printsTheAllowedReviewAndEnqueuesOneSignal() throws Exception {
        Run run = invoke("webhook", "--event", "webhook/admission-pod-create.json", "--env", envFile.toString());

        assertThat(run.code).as(run.err).isEqualTo(Command.OK);
        JsonNode response = run.json();
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        JsonNode review = Json.MAPPER.readTree(response.path("body").asText());
        assertThat(review.path("response").path("uid").asText()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
        assertThat(review.path("response").path("allowed").asBoolean()).isTrue();
        assertThat(run.err).contains("metrics: WebhookSignalsSent=1");
        List<Message> signals = drain();
        assertThat(signals).singleElement().satisfies(m -> {
            JsonNode signal = Json.MAPPER.readTree(m.body());
            assertThat(signal.path("reason").asText()).isEqualTo("pod-created");
            assertThat(signal.path("pod").asText()).isEqualTo("shop/checkout-7d4b9c8f6-");
        });
    }

    @Test
    void invoke_webhookInDryRun_answersTheSameAndSendsNothing() throws Exception {
        Run run = invoke("PendingPodWebhookHandler", "--event", "admission/pod-create.json", "--env", envFile.toString(),
                "--dry-run");

        assertThat(run.code).as(run.err).isEqualTo(Command.OK);
        assertThat(run.json().path("statusCode").asInt()).isEqualTo(200);
        assertThat(run.err).contains("[dry run]").contains("metrics: WebhookSignalsSent=1");
        assertThat(drain()).isEmpty();
    }

    @Test
    void invoke_interruptionForAnInstanceNoNodeClaimOwns_isANoOp() throws Exception {
        Run run = invoke("interruption", "--event", "sqs/spot-interruption.json", "--env", envFile.toString(),
                "--mock-cluster", mockCluster.toString());

        assertThat(run.code).as(run.err).isEqualTo(Command.OK);
        assertThat(run.json().path("batchItemFailures").isArray()).isTrue();
        assertThat(run.json().path("batchItemFailures")).isEmpty();
        assertThat(run.err).contains("metrics: InterruptionSpotInterruption=1 SqsMessagesHandled=1");
        assertThat(nodeClaimItems()).isZero();
        assertThat(drain()).as("no provisioning signal for a no-op").isEmpty();
    }

    @Test
    void invoke_interruptionOnABatchWithPoison_reportsOnlyThePoisonMessage() throws Exception {
        JsonNode batch = Json.MAPPER.readTree(Samples.read("sqs/batch-with-poison.json"));
        List<String> ids = new ArrayList<>();
        batch.path("Records").forEach(r -> ids.add(r.path("messageId").asText()));

        Run run = invoke("interruption", "--event", "sqs/batch-with-poison.json", "--env", envFile.toString(),
                "--mock-cluster", mockCluster.toString());

        assertThat(run.code).as(run.err).isEqualTo(Command.OK);
        JsonNode failures = run.json().path("batchItemFailures");
        assertThat(failures).hasSize(1);
        assertThat(ids).contains(failures.get(0).path("itemIdentifier").asText());
        assertThat(run.err).contains("SqsMessagesUnparseable=1");
    }

    @Test
    void invoke_provisionerInDryRun_plansThePendingPodsAndStoresNothing() throws Exception {
        Run run = invoke("provisioner", "--event", "provisioning/pod-created.json", "--env", envFile.toString(),
                "--mock-cluster", mockCluster.toString(), "--dry-run");

        assertThat(run.code).as(run.err).isEqualTo(Command.OK);
        assertThat(run.json().path("batchItemFailures")).isEmpty();
        assertThat(run.err).contains("mock cluster from").contains("2 pending").contains("ProvisioningPasses=1")
                .contains("PendingPods=2");
        assertThat(nodeClaimItems()).as("a dry run stores no NodeClaim").isZero();
    }

    @Test
    void invoke_whenAVariableIsMissing_printsLambdasErrorObjectAndFails() throws Exception {
        Path partial = dir.resolve("partial.env");
        Files.writeString(partial, "SPOTTER_PROVISIONING_QUEUE_URL=" + queueUrl + "\n");

        Run run = invoke("webhook", "--event", "webhook/admission-pod-create.json", "--env", partial.toString());

        assertThat(run.code).isEqualTo(Command.FAILED);
        assertThat(run.json().path("errorType").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(run.json().path("errorMessage").asText()).contains("SPOTTER_WEBHOOK_PATH_SECRET");
    }

    private long nodeClaimItems() {
        return DynamoDbTestEndpoint.client().scan(b -> b.tableName(table)).items().stream()
                .filter(item -> item.get("sk") != null && item.get("sk").s().startsWith("NODECLAIM#")).count();
    }

    private List<Message> drain() {
        List<Message> messages = new ArrayList<>();
        List<Message> batch;
        do {
            batch = SqsTestServer.client().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            messages.addAll(batch);
            batch.forEach(m -> SqsTestServer.client().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        } while (!batch.isEmpty());
        return messages;
    }

    private static Run invoke(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new InvokeCommand(false, Map.of(), Clock.systemUTC()).run(List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(out);
        }
    }
}
