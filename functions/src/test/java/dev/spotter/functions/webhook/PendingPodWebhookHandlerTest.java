package dev.spotter.functions.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.LambdaEvents;
import dev.spotter.functions.runtime.ProvisioningSignal;
import dev.spotter.functions.runtime.RecordingProvisioningQueue;
import dev.spotter.functions.runtime.RecordingSpotterMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class PendingPodWebhookHandlerTest {
    static final String SECRET = "3f1c0e9a8b7d4c2e9f6a1b0c8d7e6f5a";
    private static final Instant NOW = Instant.parse("2025-11-03T14:05:11.482Z");

    private final RecordingProvisioningQueue queue = new RecordingProvisioningQueue();
    private final RecordingSpotterMetrics metrics = new RecordingSpotterMetrics();
    private final PendingPodWebhookHandler handler = new PendingPodWebhookHandler(
            new WebhookSettings(SECRET, "https://sqs.us-east-1.amazonaws.com/123456789012/spotter-provisioning",
                    Duration.ofSeconds(5)), queue, metrics, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void handleRequest_whenPodCreated_allowsItAndEnqueuesOneDelayedSignal() {
        APIGatewayV2HTTPResponse response = handle("webhook/admission-pod-create.json");

        assertAllowed(response, "705ab4f5-6393-11e8-b7cc-42010a800002");
        assertThat(queue.sent()).containsExactly(new RecordingProvisioningQueue.Sent(
                new ProvisioningSignal("pod-created", "shop/checkout-7d4b9c8f6-", NOW), Duration.ofSeconds(5)));
        assertThat(metrics.total(PendingPodWebhookHandler.SIGNALS_SENT)).isEqualTo(1);
        assertThat(metrics.flushes()).isEqualTo(1);
    }

    @Test
    void handleRequest_whenBodyIsBase64_decodesItAndEnqueues() {
        APIGatewayV2HTTPEvent event = LambdaEvents.functionUrl("webhook/admission-pod-create-base64.json");
        assertThat(event.getIsBase64Encoded()).isTrue();

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertAllowed(response, "705ab4f5-6393-11e8-b7cc-42010a800002");
        assertThat(queue.sent()).hasSize(1);
    }

    @Test
    void handleRequest_whenDryRun_allowsWithoutEnqueueing() {
        APIGatewayV2HTTPResponse response = handle("webhook/admission-pod-create-dry-run.json");

        assertAllowed(response, "a3c1e5f7-1b2d-4e6f-8a9b-0c1d2e3f4a5b");
        assertThat(queue.sent()).isEmpty();
        assertThat(metrics.total(PendingPodWebhookHandler.SKIPPED)).isEqualTo(1);
    }

    @Test
    void handleRequest_whenPodAlreadyHasANode_allowsWithoutEnqueueing() {
        APIGatewayV2HTTPResponse response = handle("webhook/admission-pod-create-bound.json");

        assertAllowed(response, "c4d2f6a8-2c3e-4f70-9b0c-1d2e3f4a5b6c");
        assertThat(queue.sent()).isEmpty();
    }

    @Test
    void handleRequest_whenBodyIsMalformed_allowsWithAnEmptyUidAndCountsIt() {
        APIGatewayV2HTTPResponse response = handle("webhook/admission-malformed.json");

        assertAllowed(response, "");
        assertThat(queue.sent()).isEmpty();
        assertThat(metrics.total(PendingPodWebhookHandler.MALFORMED_REVIEWS)).isEqualTo(1);
    }

    @Test
    void handleRequest_whenPathIsNotTheSecret_answers404AndEnqueuesNothing() {
        APIGatewayV2HTTPResponse response = handle("webhook/admission-wrong-path.json");

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getBody()).doesNotContain("AdmissionReview");
        assertThat(queue.sent()).isEmpty();
        assertThat(metrics.total(PendingPodWebhookHandler.WRONG_PATHS)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "", "/3f1c0e9a8b7d4c2e9f6a1b0c8d7e6f5", "/3f1c0e9a8b7d4c2e9f6a1b0c8d7e6f5a0",
            "/3f1c0e9a8b7d4c2e9f6a1b0c8d7e6f5a/extra", "//3f1c0e9a8b7d4c2e9f6a1b0c8d7e6f5a"})
    void handleRequest_whenPathIsCloseToTheSecret_answers404(String path) {
        APIGatewayV2HTTPEvent event = LambdaEvents.functionUrl("webhook/admission-pod-create.json");
        event.setRawPath(path);

        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(404);
        assertThat(queue.sent()).isEmpty();
    }

    @Test
    void handleRequest_whenPathHasATrailingSlash_acceptsIt() {
        APIGatewayV2HTTPEvent event = LambdaEvents.functionUrl("webhook/admission-pod-create.json");
        event.setRawPath("/" + SECRET + "/");

        assertAllowed(handler.handleRequest(event, null), "705ab4f5-6393-11e8-b7cc-42010a800002");
    }

    @Test
    void handleRequest_whenEventIsNull_answers404() {
        assertThat(handler.handleRequest(null, null).getStatusCode()).isEqualTo(404);
    }

    @Test
    void handleRequest_whenQueueFails_stillAllowsAndCountsTheFailure() {
        queue.failWith(SdkClientException.create("Unable to execute HTTP request: connect timed out"));

        APIGatewayV2HTTPResponse response = handle("webhook/admission-pod-create.json");

        assertAllowed(response, "705ab4f5-6393-11e8-b7cc-42010a800002");
        assertThat(metrics.total(PendingPodWebhookHandler.ENQUEUE_FAILURES)).isEqualTo(1);
        assertThat(metrics.total(PendingPodWebhookHandler.SIGNALS_SENT)).isZero();
    }

    @Test
    void handleRequest_whenNotAPodCreate_allowsWithoutEnqueueing() {
        APIGatewayV2HTTPEvent event = LambdaEvents.functionUrl("webhook/admission-pod-create.json");
        event.setBody(event.getBody().replace("\"operation\": \"CREATE\"", "\"operation\": \"UPDATE\""));

        assertAllowed(handler.handleRequest(event, null), "705ab4f5-6393-11e8-b7cc-42010a800002");
        assertThat(queue.sent()).isEmpty();
    }

    private APIGatewayV2HTTPResponse handle(String sample) {
        return handler.handleRequest(LambdaEvents.functionUrl(sample), null);
    }

    private static void assertAllowed(APIGatewayV2HTTPResponse response, String uid) {
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
        JsonNode review;
        try {
            review = Json.MAPPER.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("response is not JSON: " + response.getBody(), e);
        }
        assertThat(review.get("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(review.get("kind").asText()).isEqualTo("AdmissionReview");
        assertThat(review.get("response").get("uid").asText()).isEqualTo(uid);
        assertThat(review.get("response").get("allowed").asBoolean()).isTrue();
        assertThat(review.get("response").size()).isEqualTo(2);
    }
}
