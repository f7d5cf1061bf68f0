package dev.spotter.functions.runtime;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.spotter.interruption.InterruptionEvent;
import dev.spotter.interruption.InterruptionParsers;
import dev.spotter.testing.SqsTestServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch processor against a real queue with a redrive policy, playing Lambda's part: receive a batch, hand it
 * to the processor, delete only the messages not reported as failures, receive again once the visibility timeout
 * has passed (fast-forwarded by making the failed messages visible again at once).
 */
class SqsBatchProcessorIT {
    private final SqsClient sqs = SqsTestServer.client();
    private final RecordingSpotterMetrics metrics = new RecordingSpotterMetrics();
    private final SqsBatchProcessor processor = new SqsBatchProcessor(metrics);
    private final InterruptionParsers parsers = InterruptionParsers.defaults(Json.MAPPER);

    @Test
    void poisonMessage_whenRetriedMaxReceiveCountTimes_endsInTheDeadLetterQueueWhileTheOthersAreHandledOnce() {
        String deadLetters = SqsTestServer.createQueue("interruption-dlq");
        String queue = SqsTestServer.createQueue("interruption", Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + SqsTestServer.queueArn(deadLetters) + "\",\"maxReceiveCount\":\"2\"}"));
        SQSEvent samples = LambdaEvents.sqs("sqs/batch-with-poison.json");
        for (SQSMessage sample : samples.getRecords()) {
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody(sample.getBody()));
        }
        String poisonBody = samples.getRecords().get(1).getBody();
        List<InterruptionEvent> handled = new ArrayList<>();

        List<Message> first = receive(queue, 3);
        SQSBatchResponse firstResponse = processAndDeleteSuccesses(queue, first, handled);
        List<Message> second = receive(queue, 1);
        SQSBatchResponse secondResponse = processAndDeleteSuccesses(queue, second, handled);
        List<Message> third = receive(queue, 0);

        assertThat(first).hasSize(3);
        assertThat(failedBodies(first, firstResponse)).containsExactly(poisonBody);
        assertThat(second).extracting(Message::body).containsExactly(poisonBody);
        assertThat(failedBodies(second, secondResponse)).containsExactly(poisonBody);
        assertThat(third).as("after maxReceiveCount the poison message leaves the queue").isEmpty();
        assertThat(receive(deadLetters, 1)).extracting(Message::body).containsExactly(poisonBody);
        assertThat(handled).hasSize(2);
        assertThat(metrics.total(SqsBatchProcessor.MESSAGES_UNPARSEABLE)).isEqualTo(2);
        assertThat(metrics.total(SqsBatchProcessor.MESSAGES_HANDLED)).isEqualTo(2);
    }

    private SQSBatchResponse processAndDeleteSuccesses(String queue, List<Message> received,
                                                       List<InterruptionEvent> handled) {
        SQSBatchResponse response = processor.process(toLambdaEvent(queue, received),
                message -> parsers.parse(message.getBody()), handled::add);
        Set<String> failed = failedIds(response);
        for (Message message : received) {
            if (failed.contains(message.messageId())) {
                // Fast-forward the visibility timeout: the failed message is back in the queue for the next poll.
                sqs.changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0));
            } else {
                sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
            }
        }
        return response;
    }

    private List<String> failedBodies(List<Message> received, SQSBatchResponse response) {
        Set<String> failed = failedIds(response);
        return received.stream().filter(m -> failed.contains(m.messageId())).map(Message::body).toList();
    }

    private static Set<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
    }

    /**
     * Receives, as Lambda's poller does, with a visibility timeout that hides what it got, until {@code expected}
     * distinct messages came or a few seconds of empty polls passed.
     */
    private List<Message> receive(String queue, int expected) {
        Map<String, Message> received = new java.util.LinkedHashMap<>();
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(expected == 0 ? 2 : 10));
        while (received.size() < Math.max(expected, 1) && Instant.now().isBefore(giveUp)) {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(30)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages()) {
                received.putIfAbsent(message.messageId(), message);
            }
        }
        return new ArrayList<>(received.values());
    }

    private SQSEvent toLambdaEvent(String queue, List<Message> messages) {
        String arn = SqsTestServer.queueArn(queue);
        List<SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSMessage record = new SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.setAttributes(attributes);
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(arn);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}
