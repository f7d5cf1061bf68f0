package dev.spotter.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.cli.UsageException;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.Samples;
import dev.spotter.functions.runtime.ScheduledTick;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalEventsTest {
    private static final Instant NOW = Instant.parse("2025-11-03T14:05:11.482Z");
    private final LocalEvents events = new LocalEvents(Json.MAPPER, "us-east-1", "3f1c0e9a8b7d4c2e9f6a1b0c8d7e6f5a", NOW);

    static List<String> samples() {
        return LocalSamples.list();
    }

    @Test
    void list_whenSamplesAreOnTheClasspath_findsEveryFolderOfEvents() {
        assertThat(samples()).hasSizeGreaterThan(30)
                .contains("sqs/spot-interruption.json", "webhook/admission-pod-create.json", "admission/pod-create.json",
                        "eventbridge/spot-interruption.json", "provisioning/pod-created.json", "tick/scheduled.json");
    }

    /** Every sample is some event a function takes, read into that function's input type without losing a field. */
    @ParameterizedTest
    @MethodSource("samples")
    void forFunction_everySample_becomesTheHandlersInputTypeAndRoundTrips(String sample) throws Exception {
        String json = Samples.read(sample);
        EventShape shape = EventShape.of(Json.MAPPER.readTree(json));
        List<LocalFunction> takers = java.util.Arrays.stream(LocalFunction.values()).filter(f -> f.accepts(shape)).toList();

        assertThat(takers).as("functions taking %s (%s)", sample, shape).isNotEmpty();
        for (LocalFunction function : takers) {
            Object event = events.forFunction(function, sample, json).event();
            switch (shape) {
                case SQS_BATCH -> {
                    assertThat(event).isInstanceOf(SQSEvent.class);
                    assertContained(Json.MAPPER.readTree(json), Json.MAPPER.valueToTree(event), sample);
                }
                case FUNCTION_URL -> {
                    assertThat(event).isInstanceOf(APIGatewayV2HTTPEvent.class);
                    assertContained(Json.MAPPER.readTree(json), Json.MAPPER.valueToTree(event), sample);
                }
                case ADMISSION_REVIEW -> assertThat(((APIGatewayV2HTTPEvent) event).getBody()).isEqualTo(json);
                case EVENTBRIDGE, PROVISIONING_SIGNAL -> assertThat(((SQSEvent) event).getRecords())
                        .singleElement().satisfies(m -> assertThat(m.getBody()).isEqualTo(json));
                case SCHEDULER_INPUT -> assertThat(ScheduledTick.fromJson(Json.MAPPER, (String) event).cluster()).isEqualTo("demo");
                case UNKNOWN -> throw new AssertionError("unreachable");
            }
        }
    }

    @Test
    void forFunction_sqsSample_mapsLambdasPropertyNames() {
        SQSEvent event = (SQSEvent) events.forFunction(LocalFunction.INTERRUPTION, "s",
                Samples.read("sqs/spot-interruption.json")).event();

        SQSEvent.SQSMessage message = event.getRecords().get(0);
        assertThat(message.getMessageId()).isEqualTo("8f228360-871b-5980-9c8a-6e2cf6445dbf");
        assertThat(message.getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:spotter-interruption");
        assertThat(message.getEventSource()).isEqualTo("aws:sqs");
        assertThat(message.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(message.getMd5OfBody()).isEqualTo("fd2756409fe0525f38d0c03258af5bad");
        assertThat(message.getReceiptHandle()).startsWith("AQEB");
        assertThat(message.getAttributes()).containsEntry("ApproximateReceiveCount", "1");
        assertThat(message.getBody()).contains("EC2 Spot Instance Interruption Warning");
    }

    @Test
    void forFunction_functionUrlSample_mapsPathBodyAndContext() {
        APIGatewayV2HTTPEvent event = (APIGatewayV2HTTPEvent) events.forFunction(LocalFunction.WEBHOOK, "w",
                Samples.read("webhook/admission-pod-create-base64.json")).event();

        assertThat(event.getRawPath()).isEqualTo("/3f1c0e9a8b7d4c2e9f6a1b0c8d7e6f5a");
        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
        assertThat(event.getHeaders()).containsEntry("content-type", "application/json");
    }

    @Test
    void forFunction_rawEventBridgeEvent_isWrappedInOneSqsMessageWithItsMd5() throws Exception {
        String body = Samples.read("eventbridge/spot-interruption.json");

        LocalEvents.Input input = events.forFunction(LocalFunction.INTERRUPTION, "e", body);

        SQSEvent.SQSMessage message = ((SQSEvent) input.event()).getRecords().get(0);
        assertThat(input.shape()).isEqualTo(EventShape.EVENTBRIDGE);
        assertThat(message.getMessageId()).isEqualTo(LocalEvents.SQS_MESSAGE_ID);
        assertThat(message.getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:spotter-local-interruption");
        assertThat(message.getMd5OfBody()).hasSize(32).isEqualTo(md5(body));
        assertThat(message.getAttributes()).containsEntry("SentTimestamp", Long.toString(NOW.toEpochMilli()));
    }

    @Test
    void forFunction_rawAdmissionReview_isPostedToTheSecretPath() {
        APIGatewayV2HTTPEvent event = (APIGatewayV2HTTPEvent) events.forFunction(LocalFunction.WEBHOOK, "a",
                Samples.read("admission/pod-create.json")).event();

        assertThat(event.getRawPath()).isEqualTo("/3f1c0e9a8b7d4c2e9f6a1b0c8d7e6f5a");
        assertThat(event.getIsBase64Encoded()).isFalse();
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
    }

    @Test
    void forFunction_schedulerTemplate_fillsThePlaceholders() {
        String input = (String) events.forFunction(LocalFunction.TICK, "t",
                Samples.read("tick/schedule-input-template.json")).event();

        ScheduledTick tick = ScheduledTick.fromJson(Json.MAPPER, input);
        assertThat(input).doesNotContain("<aws.scheduler.");
        assertThat(tick.scheduledTime()).isEqualTo(Instant.parse("2025-11-03T14:05:11Z"));
        assertThat(tick.attemptNumber()).isEqualTo(1);
    }

    @Test
    void forFunction_eventTheFunctionDoesNotTake_namesBoth() {
        assertThatThrownBy(() -> events.forFunction(LocalFunction.WEBHOOK, "sqs/spot-interruption.json",
                Samples.read("sqs/spot-interruption.json")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("sqs/spot-interruption.json holds an SQS event")
                .hasMessageContaining("webhook takes a Function URL event");
        assertThatThrownBy(() -> events.forFunction(LocalFunction.TICK, "x.json", "{\"hello\":1}"))
                .hasMessageContaining("x.json holds no event Spotter knows");
    }

    @Test
    void forFunction_notJson_saysSo() {
        assertThatThrownBy(() -> events.forFunction(LocalFunction.PROVISIONER, "broken.json", "{\"Records\": ["))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("broken.json is not JSON");
    }

    @Test
    void forFunction_sqsRecordWithoutBody_namesTheRecord() {
        assertThatThrownBy(() -> events.forFunction(LocalFunction.INTERRUPTION, "q.json",
                "{\"Records\":[{\"messageId\":\"a\",\"body\":\"{}\"},{\"messageId\":\"b\"}]}"))
                .hasMessageContaining("q.json: Records[1] needs a messageId and a body");
    }

    /** Everything the sample says is in what the event class writes back (names compared case-insensitively). */
    private static void assertContained(JsonNode original, JsonNode written, String where) {
        if (original.isObject()) {
            Map<String, JsonNode> byName = lowerCased(written);
            for (Iterator<Map.Entry<String, JsonNode>> fields = original.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNull() || field.getValue().isEmpty() && field.getValue().isContainerNode()) {
                    continue;
                }
                String path = where + "." + field.getKey();
                JsonNode counterpart = byName.get(field.getKey().toLowerCase(Locale.ROOT));
                assertThat(counterpart).as("%s survives the event class", path).isNotNull();
                assertContained(field.getValue(), counterpart, path);
            }
        } else if (original.isArray()) {
            assertThat(written.size()).as(where).isEqualTo(original.size());
            for (int i = 0; i < original.size(); i++) {
                assertContained(original.get(i), written.get(i), where + "[" + i + "]");
            }
        } else {
            assertThat(written.asText()).as(where).isEqualTo(original.asText());
        }
    }

    private static Map<String, JsonNode> lowerCased(JsonNode node) {
        Map<String, JsonNode> byName = new HashMap<>();
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(e -> byName.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        }
        return byName;
    }

    private static String md5(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
