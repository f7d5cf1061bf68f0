package dev.spotter.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.ProvisioningSignal;
import dev.spotter.functions.runtime.RecordingProvisioningQueue;
import dev.spotter.functions.runtime.RecordingSpotterMetrics;
import dev.spotter.functions.runtime.ScheduledTick;
import dev.spotter.functions.runtime.SqsBatchProcessor;
import dev.spotter.functions.webhook.PendingPodWebhookHandler;
import dev.spotter.functions.webhook.WebhookSettings;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input at the boundaries anyone can reach (issue 9): the webhook's Function URL (any bytes, huge, deeply
 * nested, any content type, any path), SQS envelopes of provisioning signals and the Scheduler's tick input. The
 * webhook always answers and, on its secret path, always allows; every other reader answers a value or a typed error.
 */
class BoundaryFuzzTest {
    private static final String SECRET = "3f1c0e9a8b7d4c2e9f6a1b0c8d7e6f5a";

    private final PendingPodWebhookHandler webhook = new PendingPodWebhookHandler(
            new WebhookSettings(SECRET, "unused", Duration.ofSeconds(5)), new RecordingProvisioningQueue(),
            new RecordingSpotterMetrics(), Clock.systemUTC());

    @Property(tries = 400)
    void webhook_anyBodyOnTheSecretPath_answers200AndAllows(@ForAll("bodies") String body, @ForAll boolean base64,
                                                           @ForAll("contentTypes") String contentType) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRawPath("/" + SECRET);
        event.setHeaders(Map.of("content-type", contentType));
        event.setIsBase64Encoded(base64);
        event.setBody(base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);

        APIGatewayV2HTTPResponse response = webhook.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).contains("\"allowed\":true");
    }

    @Property(tries = 200)
    void webhook_anyOtherPath_answers404(@ForAll("paths") String path, @ForAll("bodies") String body) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRawPath(path);
        event.setBody(body);

        assertThat(webhook.handleRequest(event, null).getStatusCode()).isEqualTo(404);
    }

    @Property(tries = 400)
    void provisioningSignal_anyBody_isASignalOrAnIllegalArgument(@ForAll("bodies") String body) {
        try {
            assertThat(ProvisioningSignal.fromJson(Json.MAPPER, body)).isNotNull();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void sqsEnvelope_anyBodies_eachReportedFailedAloneOrHandled(@ForAll("envelopes") List<String> bodies) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new java.util.ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("m-" + i);
            message.setBody(bodies.get(i));
            records.add(message);
        }
        event.setRecords(records);

        SQSBatchResponse response = new SqsBatchProcessor(new RecordingSpotterMetrics()).process(event,
                message -> ProvisioningSignal.fromJson(Json.MAPPER, message.getBody()), signal -> { });

        long malformed = bodies.stream().filter(body -> {
            try {
                ProvisioningSignal.fromJson(Json.MAPPER, body);
                return false;
            } catch (IllegalArgumentException e) {
                return true;
            }
        }).count();
        assertThat(response.getBatchItemFailures()).hasSize((int) malformed);
    }

    @Property(tries = 300)
    void tickInput_anyText_isATickOrAnIllegalArgument(@ForAll("bodies") String input) {
        try {
            assertThat(ScheduledTick.fromJson(Json.MAPPER, input).scheduledTime()).isNotNull();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(500),
                Arbitraries.strings().withChars("{}[]\":,0123456789-trufalsn").ofMaxLength(400),
                Arbitraries.of("", "null", "{}", "[]", "{\"request\":null}", "{\"request\":{\"uid\":7}}",
                        "{\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"object\":\"x\"}}",
                        "{\"reason\":null,\"at\":\"yesterday\"}", "{\"kind\":\"spotter-tick\",\"scheduledTime\":\"x\"}",
                        "[".repeat(200_000), "{\"a\":".repeat(50_000), "x".repeat(6 << 20)));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "text/plain", "application/x-www-form-urlencoded", "", "image/png");
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80).map(s -> "/" + s),
                Arbitraries.of("", "/", "/" + SECRET + "x", "/" + SECRET.substring(1), "//" + SECRET))
                .filter(path -> !path.equals("/" + SECRET));
    }

    @Provide
    Arbitrary<List<String>> envelopes() {
        return bodies().list().ofMaxSize(10);
    }
}
