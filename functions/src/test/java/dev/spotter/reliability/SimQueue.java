package dev.spotter.reliability;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.ProvisioningQueue;
import dev.spotter.functions.runtime.ProvisioningSignal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An SQS queue with a redrive policy, as far as the harness needs one: delivery delay, visibility timeout, receive
 * count, and a dead-letter queue after {@code maxReceives}. A message is at every moment in exactly one place: waiting
 * (visible or in flight), deleted after a handler acknowledged it, or dead-lettered: nothing else removes one.
 */
final class SimQueue implements ProvisioningQueue {
    record Message(String id, String body, Instant visibleAt, int receives) {
    }

    private final String name;
    private final Clock clock;
    private final Duration visibility;
    private final int maxReceives;
    private final Map<String, Message> waiting = new LinkedHashMap<>();
    private final List<Message> deleted = new ArrayList<>();
    private final List<Message> deadLetters = new ArrayList<>();
    private int sent;

    SimQueue(String name, Clock clock, Duration visibility, int maxReceives) {
        this.name = name;
        this.clock = clock;
        this.visibility = visibility;
        this.maxReceives = maxReceives;
    }

    @Override
    public void send(ProvisioningSignal signal, Duration delay) {
        send(signal.toJson(Json.MAPPER), delay);
    }

    void send(String body, Duration delay) {
        String id = name + "-" + (++sent);
        waiting.put(id, new Message(id, body, clock.instant().plus(delay), 0));
    }

    /** Receives up to {@code max} visible messages (they turn invisible for the visibility timeout). */
    List<Message> receive(int max) {
        Instant now = clock.instant();
        List<Message> batch = new ArrayList<>();
        for (Message message : List.copyOf(waiting.values())) {
            if (batch.size() == max) {
                break;
            }
            if (message.visibleAt().isAfter(now)) {
                continue;
            }
            if (message.receives() >= maxReceives) {
                waiting.remove(message.id());
                deadLetters.add(message);
                continue;
            }
            Message received = new Message(message.id(), message.body(), now.plus(visibility), message.receives() + 1);
            waiting.put(message.id(), received);
            batch.add(received);
        }
        return batch;
    }

    /** Deletes the batch's messages the handler did not report failed; failed ones come back after the timeout. */
    void settle(List<Message> batch, SQSBatchResponse response) {
        Set<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        for (Message message : batch) {
            if (!failed.contains(message.id()) && waiting.remove(message.id()) != null) {
                deleted.add(message);
            }
        }
    }

    static SQSEvent event(List<Message> batch) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : batch) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.id());
            record.setBody(message.body());
            record.setAttributes(Map.of("ApproximateReceiveCount", String.valueOf(message.receives())));
            record.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:spotter-" + "queue");
            records.add(record);
        }
        event.setRecords(records);
        return event;
    }

    int sent() {
        return sent;
    }

    int waiting() {
        return waiting.size();
    }

    List<Message> deleted() {
        return deleted;
    }

    List<Message> deadLetters() {
        return deadLetters;
    }

    /** Every message sent is waiting, deleted or dead-lettered, exactly once. */
    boolean accountsForEveryMessage() {
        return waiting.size() + deleted.size() + deadLetters.size() == sent;
    }
}
