package dev.spotter.functions.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.LambdaEvents;
import dev.spotter.functions.runtime.ProvisioningSignal;
import dev.spotter.functions.runtime.RecordingSpotterMetrics;
import dev.spotter.functions.runtime.SqsProvisioningQueue;
import dev.spotter.testing.SqsTestServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook against a real SQS endpoint (ElasticMQ in-process, or AWS_ENDPOINT_URL_SQS). */
class PendingPodWebhookIT {
    private static final Instant NOW = Instant.parse("2025-11-03T14:05:11.482Z");
    private static final int DELAY_SECONDS = 3;

    private final SqsClient sqs = SqsTestServer.client();
    private final String queueUrl = SqsTestServer.createQueue("provisioning");
    private final RecordingSpotterMetrics metrics = new RecordingSpotterMetrics();
    private final PendingPodWebhookHandler handler = new PendingPodWebhookHandler(
            new WebhookSettings(PendingPodWebhookHandlerTest.SECRET, queueUrl, Duration.ofSeconds(DELAY_SECONDS)),
            new SqsProvisioningQueue(() -> sqs, queueUrl, Json.MAPPER), metrics, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void podCreate_whenAllowed_enqueuesExactlyOneDelayedSignal() {
        APIGatewayV2HTTPResponse response =
                handler.handleRequest(LambdaEvents.functionUrl("webhook/admission-pod-create.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).contains("\"uid\":\"705ab4f5-6393-11e8-b7cc-42010a800002\"")
                .contains("\"allowed\":true");
        Map<String, Integer> justAfter = counts();
        assertThat(justAfter.get("delayed")).as("held back by DelaySeconds").isEqualTo(1);
        assertThat(justAfter.get("visible")).isZero();

        List<Message> delivered = receiveAtLeast(1, Duration.ofSeconds(DELAY_SECONDS + 15));

        assertThat(delivered).hasSize(1);
        assertThat(ProvisioningSignal.fromJson(Json.MAPPER, delivered.get(0).body()))
                .isEqualTo(new ProvisioningSignal("pod-created", "shop/checkout-7d4b9c8f6-", NOW));
        assertThat(counts().values()).allMatch(count -> count == 0);
    }

    @Test
    void dryRun_whenAllowed_enqueuesNothing() {
        APIGatewayV2HTTPResponse response =
                handler.handleRequest(LambdaEvents.functionUrl("webhook/admission-pod-create-dry-run.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(counts().values()).allMatch(count -> count == 0);
    }

    @Test
    void wrongPath_whenCalled_answers404AndEnqueuesNothing() {
        APIGatewayV2HTTPResponse response =
                handler.handleRequest(LambdaEvents.functionUrl("webhook/admission-wrong-path.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(counts().values()).allMatch(count -> count == 0);
    }

    @Test
    void malformedBody_whenCalled_isAllowedAndEnqueuesNothing() {
        APIGatewayV2HTTPResponse response =
                handler.handleRequest(LambdaEvents.functionUrl("webhook/admission-malformed.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).contains("\"uid\":\"\"").contains("\"allowed\":true");
        assertThat(counts().values()).allMatch(count -> count == 0);
    }

    @Test
    void unreachableQueue_whenPodCreated_stillAllowsIt() {
        String missing = queueUrl + "-deleted";
        PendingPodWebhookHandler toNowhere = new PendingPodWebhookHandler(
                new WebhookSettings(PendingPodWebhookHandlerTest.SECRET, missing, Duration.ofSeconds(1)),
                new SqsProvisioningQueue(() -> sqs, missing, Json.MAPPER), metrics, Clock.systemUTC());

        APIGatewayV2HTTPResponse response =
                toNowhere.handleRequest(LambdaEvents.functionUrl("webhook/admission-pod-create.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).contains("\"allowed\":true");
        assertThat(metrics.total(PendingPodWebhookHandler.ENQUEUE_FAILURES)).isEqualTo(1);
    }

    private Map<String, Integer> counts() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Map.of(
                "visible", Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                "delayed", Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)),
                "inFlight", Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
    }

    /** Long-polls until {@code expected} messages arrived or the deadline passed; deletes what it received. */
    private List<Message> receiveAtLeast(int expected, Duration deadline) {
        List<Message> received = new ArrayList<>();
        Instant giveUp = Instant.now().plus(deadline);
        while (received.size() < expected && Instant.now().isBefore(giveUp)) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(2)).messages();
            for (Message message : batch) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            received.addAll(batch);
        }
        return received;
    }
}
