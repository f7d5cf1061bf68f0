package dev.spotter.functions.runtime;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a function over each message of an SQS batch and reports the messages that failed as batch item failures,
 * so Lambda deletes the others and only the failed ones come back (and, after the queue's maxReceiveCount, go to
 * its dead-letter queue). One bad message never fails the batch. Needs {@code ReportBatchItemFailures} on the event
 * source mapping.
 *
 * <p>Each message goes through two phases: {@code parse} (a failure means the body is malformed: logged as
 * unparseable with the message id) and {@code handle} (a failure means acting on it failed and may succeed on a
 * retry). On a FIFO queue the messages after the first failure are reported failed without being handled, to keep
 * their order.
 */
public final class SqsBatchProcessor {
    public static final String MESSAGES_HANDLED = "SqsMessagesHandled";
    public static final String MESSAGES_UNPARSEABLE = "SqsMessagesUnparseable";
    public static final String MESSAGES_FAILED = "SqsMessagesFailed";

    private static final Logger LOG = LoggerFactory.getLogger(SqsBatchProcessor.class);
    private static final int BODY_EXCERPT = 200;

    private final SpotterMetrics metrics;

    public SqsBatchProcessor(SpotterMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Turns a message into what the handler works on; throws (any runtime exception) when the body is malformed. */
    @FunctionalInterface
    public interface MessageParser<T> {
        T parse(SQSMessage message);
    }

    @FunctionalInterface
    public interface MessageHandler<T> {
        void handle(T parsed);
    }

    /** Handles the raw messages (parsing, if any, is part of the handler). */
    public SQSBatchResponse process(SQSEvent event, MessageHandler<SQSMessage> handler) {
        return process(event, message -> message, handler);
    }

    public <T> SQSBatchResponse process(SQSEvent event, MessageParser<T> parser, MessageHandler<T> handler) {
        List<BatchItemFailure> failures = new ArrayList<>();
        List<SQSMessage> messages = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        boolean failFast = false;
        for (SQSMessage message : messages) {
            String messageId = message.getMessageId();
            if (failFast) {
                failures.add(new BatchItemFailure(messageId));
                continue;
            }
            if (!processOne(message, parser, handler)) {
                failures.add(new BatchItemFailure(messageId));
                failFast = isFifo(message);
            }
        }
        return new SQSBatchResponse(failures);
    }

    private <T> boolean processOne(SQSMessage message, MessageParser<T> parser, MessageHandler<T> handler) {
        try (MDC.MDCCloseable ignored = LogKeys.scope(LogKeys.MESSAGE_ID, message.getMessageId())) {
            T parsed;
            try {
                parsed = parser.parse(message);
            } catch (RuntimeException e) {
                metrics.count(MESSAGES_UNPARSEABLE);
                LOG.warn("cannot parse SQS message {} (receive count {}): {}; body starts: {}", message.getMessageId(),
                        receiveCount(message), e.getMessage(), excerpt(message.getBody()));
                return false;
            }
            try {
                handler.handle(parsed);
                metrics.count(MESSAGES_HANDLED);
                return true;
            } catch (RuntimeException e) {
                metrics.count(MESSAGES_FAILED);
                LOG.error("handling SQS message {} failed (receive count {}); it will be retried",
                        message.getMessageId(), receiveCount(message), e);
                return false;
            }
        }
    }

    private static boolean isFifo(SQSMessage message) {
        String arn = message.getEventSourceArn();
        return arn != null && arn.endsWith(".fifo");
    }

    private static String receiveCount(SQSMessage message) {
        return message.getAttributes() == null ? "?" : message.getAttributes().getOrDefault("ApproximateReceiveCount", "?");
    }

    private static String excerpt(String body) {
        if (body == null) {
            return "<no body>";
        }
        return body.length() <= BODY_EXCERPT ? body : body.substring(0, BODY_EXCERPT) + "...";
    }
}
