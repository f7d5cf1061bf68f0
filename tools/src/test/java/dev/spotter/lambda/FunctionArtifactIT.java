package dev.spotter.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.Samples;
import dev.spotter.testing.SqsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each function from the very artifact the stack deploys (functions/target/spotter-FUNCTION.jar, built by the package
 * phase before the ITs) and with the stack's handler string, under the AWS Lambda Runtime Interface Emulator and the
 * Java Runtime Interface Client ({@link LambdaEmulator}): the runtime's own serializer reads the samples of events/,
 * the handler is built by its no-argument constructor from the environment alone, and every AWS call goes to the
 * test servers (moto's for SSM and EC2 through AWS_ENDPOINT_URL, the state table's and the queue's through their
 * endpoint variables). The cluster is a Kubernetes test server, found through {@link FakeEks}. This proves each
 * minimised artifact holds what its handler loads (reflection and ServiceLoader included).
 *
 * <p>Needs the emulator: SPOTTER_LAMBDA_RIE (scripts/test-all.sh builds it with scripts/lambda-rie.sh).
 */
class FunctionArtifactIT {
    static final Path ARTIFACTS = Path.of("..", "functions", "target");

    static RieTestbed bed;
    static LambdaEmulator.Setup setup;

    @BeforeAll
    static void servers() throws Exception {
        setup = LambdaEmulator.Setup.fromEnvironment(List.of());
        bed = new RieTestbed(Path.of("target", "function-artifact-it"));
    }

    @AfterAll
    static void stop() {
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    void webhook_fromItsArtifact_allowsOnTheSecretPathAndSignalsTheProvisioner_404sElsewhere() throws Exception {
        try (LambdaEmulator function = start("webhook")) {
            LambdaEmulator.Invocation created = function.invoke(Samples.read("webhook/admission-pod-create.json"));
            LambdaEmulator.Invocation wrongPath = function.invoke(Samples.read("webhook/admission-wrong-path.json"));

            JsonNode response = Json.MAPPER.readTree(created.body());
            assertThat(response.path("statusCode").asInt()).as(function.log()).isEqualTo(200);
            JsonNode review = Json.MAPPER.readTree(response.path("body").asText());
            assertThat(review.path("response").path("allowed").asBoolean()).isTrue();
            assertThat(review.path("response").path("uid").asText()).isNotEmpty();
            assertThat(created.initMillis()).as("the first invoke initialises the function").isPresent();
            assertThat(Json.MAPPER.readTree(wrongPath.body()).path("statusCode").asInt()).isEqualTo(404);
            assertThat(wrongPath.initMillis()).as("the second invoke is warm").isEmpty();

            List<Message> signals = SqsTestServer.client().receiveMessage(r -> r.queueUrl(bed.queue)
                    .maxNumberOfMessages(10).waitTimeSeconds(12)).messages();
            assertThat(signals).hasSize(1);
            assertThat(signals.get(0).body()).contains("\"reason\":\"pod-created\"");
        }
    }

    @Test
    void interruption_fromItsArtifact_reportsOnlyThePoisonMessageAsABatchItemFailure() throws Exception {
        try (LambdaEmulator function = start("interruption")) {
            LambdaEmulator.Invocation batch = function.invoke(Samples.read("sqs/batch-with-poison.json"));

            JsonNode failures = Json.MAPPER.readTree(batch.body()).path("batchItemFailures");
            assertThat(failures).as(function.log()).hasSize(1);
            assertThat(failures.get(0).path("itemIdentifier").asText()).isEqualTo("bba4fd33-330f-5e92-9cc5-045e1bde8ca9");
            assertThat(function.log()).contains("InterruptionSpotInterruption");
        }
    }

    @Test
    void provisioner_fromItsArtifact_runsAPassAgainstTheClusterAndFailsOnlyThePoisonMessage() throws Exception {
        bed.kube.clearRequests();
        try (LambdaEmulator function = start("provisioner")) {
            String batch = Samples.read("sqs/provisioning-signal.json").replaceFirst("\"Records\"\\s*:\\s*\\[",
                    "\"Records\": [{\"messageId\":\"poison-1\",\"receiptHandle\":\"r\",\"body\":\"not a signal\","
                            + "\"attributes\":{},\"messageAttributes\":{},\"md5OfBody\":\"x\",\"eventSource\":\"aws:sqs\","
                            + "\"eventSourceARN\":\"arn:aws:sqs:us-east-1:123456789012:q\",\"awsRegion\":\"us-east-1\"},");
            LambdaEmulator.Invocation answer = function.invoke(batch);

            JsonNode failures = Json.MAPPER.readTree(answer.body()).path("batchItemFailures");
            assertThat(failures).as(function.log()).extracting(f -> f.path("itemIdentifier").asText())
                    .containsExactly("poison-1");
            assertThat(bed.eks.described()).contains(bed.cluster);
            assertThat(bed.kube.requests()).as("the pass read the pods through DescribeCluster's endpoint")
                    .anyMatch(r -> r.startsWith("GET /api/v1/pods"));
        }
    }

    @Test
    void tick_fromItsArtifact_reconcilesAndWritesItsReport() throws Exception {
        bed.kube.clearRequests();
        try (LambdaEmulator function = start("tick")) {
            LambdaEmulator.Invocation answer = function.invoke(Samples.read("tick/scheduled.json"));

            JsonNode report = Json.MAPPER.readTree(answer.body());
            assertThat(report.path("scheduledTime").asText()).as(function.log()).isEqualTo("2025-11-03T14:06:00Z");
            assertThat(report.path("failedCommands").isMissingNode()).isFalse();
            assertThat(bed.kube.requests()).anyMatch(r -> r.startsWith("GET /api/v1/nodes"));
        }
    }

    private static LambdaEmulator start(String function) throws Exception {
        return bed.start(setup, function, ARTIFACTS.resolve("spotter-" + function + ".jar"));
    }
}
