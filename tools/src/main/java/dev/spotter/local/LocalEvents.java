package dev.spotter.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.cli.UsageException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns an event file into what a function's handler takes, with the functions' one {@link ObjectMapper}, as Lambda
 * would hand it over: Lambda's event classes for the webhook and the SQS consumers, the raw JSON for the tick. A raw
 * payload is wrapped as its trigger would deliver it: an AdmissionReview in a Function URL request on the secret
 * path, an EventBridge event or a provisioning signal in a one-message SQS batch; the tick's input template gets its
 * {@code <aws.scheduler.*>} placeholders filled in.
 */
final class LocalEvents {
    static final String SQS_MESSAGE_ID = "local-message-1";

    private final ObjectMapper mapper;
    private final String region;
    private final String webhookPathSecret;
    private final Instant now;

    /**
     * @param webhookPathSecret the secret path segment a wrapped AdmissionReview is posted to (empty: the root path,
     *                          which the webhook answers with 404)
     */
    LocalEvents(ObjectMapper mapper, String region, String webhookPathSecret, Instant now) {
        this.mapper = mapper;
        this.region = region;
        this.webhookPathSecret = webhookPathSecret;
        this.now = now;
    }

    /** The handler input, and how it was made from the file, for the log. */
    record Input(Object event, EventShape shape, String note) {
    }

    /** @throws UsageException when the text is not JSON, or not an event the function takes */
    Input forFunction(LocalFunction function, String source, String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UsageException(source + " is not JSON: " + e.getOriginalMessage(), e);
        }
        EventShape shape = EventShape.of(root);
        if (!function.accepts(shape)) {
            throw new UsageException(source + " holds " + shape.description() + "; " + function.shortName()
                    + " takes " + function.accepts());
        }
        return switch (shape) {
            case SQS_BATCH -> new Input(sqs(source, json), shape, "read as an SQS batch");
            case FUNCTION_URL -> new Input(read(source, json, APIGatewayV2HTTPEvent.class), shape, "read as a Function URL request");
            case ADMISSION_REVIEW -> new Input(functionUrl(json), shape,
                    "wrapped in a Function URL request to /" + (webhookPathSecret.isEmpty() ? "" : "<SPOTTER_WEBHOOK_PATH_SECRET>"));
            case EVENTBRIDGE, PROVISIONING_SIGNAL -> new Input(sqsBatchOf(function, json), shape,
                    "wrapped in a one-message SQS batch");
            case SCHEDULER_INPUT -> schedulerInput(json);
            case UNKNOWN -> throw new IllegalStateException("unreachable: no function accepts " + shape);
        };
    }

    private SQSEvent sqs(String source, String json) {
        SQSEvent event = read(source, json, SQSEvent.class);
        if (event.getRecords() == null) {
            throw new UsageException(source + ": the SQS event has no Records");
        }
        for (int i = 0; i < event.getRecords().size(); i++) {
            SQSEvent.SQSMessage message = event.getRecords().get(i);
            if (message == null || message.getMessageId() == null || message.getBody() == null) {
                throw new UsageException(source + ": Records[" + i + "] needs a messageId and a body");
            }
        }
        return event;
    }

    private <T> T read(String source, String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UsageException(source + " is not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    private APIGatewayV2HTTPEvent functionUrl(String admissionReview) {
        String path = "/" + webhookPathSecret;
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString("timeout=10s")
                .withHeaders(Map.of("content-type", "application/json", "user-agent", "kube-apiserver-admission"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey("$default")
                        .withStage("$default")
                        .withRequestId("local-request")
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath(path).withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1").withUserAgent("kube-apiserver-admission").build())
                        .build())
                .withBody(admissionReview)
                .withIsBase64Encoded(false)
                .build();
    }

    private SQSEvent sqsBatchOf(LocalFunction function, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(SQS_MESSAGE_ID);
        message.setReceiptHandle("local-receipt-1");
        message.setBody(body);
        message.setMd5OfBody(md5(body));
        message.setEventSource("aws:sqs");
        message.setEventSourceArn("arn:aws:sqs:" + region + ":000000000000:spotter-local-" + function.shortName());
        message.setAwsRegion(region);
        message.setAttributes(Map.of("ApproximateReceiveCount", "1",
                "SentTimestamp", Long.toString(now.toEpochMilli()),
                "ApproximateFirstReceiveTimestamp", Long.toString(now.toEpochMilli())));
        message.setMessageAttributes(Map.of());
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    private Input schedulerInput(String json) {
        if (!json.contains("<aws.scheduler.")) {
            return new Input(json, EventShape.SCHEDULER_INPUT, "passed as the tick's input");
        }
        String filled = json
                .replace("<aws.scheduler.schedule-arn>", "arn:aws:scheduler:" + region + ":000000000000:schedule/default/spotter-local-tick")
                .replace("<aws.scheduler.scheduled-time>", now.truncatedTo(ChronoUnit.SECONDS).toString())
                .replace("<aws.scheduler.execution-id>", "local-execution")
                .replace("<aws.scheduler.attempt-number>", "1");
        return new Input(filled, EventShape.SCHEDULER_INPUT, "Scheduler's placeholders filled in");
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }
}
