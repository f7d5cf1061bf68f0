package dev.spotter.sim;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An SQS queue with its Lambda event source mapping, in virtual time: a message sent with a delay becomes visible
 * then; the function is invoked with up to {@code batchSize} visible messages, {@code batchingWindow} after the
 * first became visible; a message the function reports failed (or every message of a batch whose invocation threw)
 * is hidden for the visibility timeout and delivered again, and after {@code maxReceiveCount} receives it moves to
 * the dead-letter queue. One invocation at a time, as the stack's maximum concurrency allows for the provisioner.
 */
public final class SimQueue {
    private final String name;
    private final EventQueue events;
    private final int batchSize;
    private final Duration batchingWindow;
    private final Duration visibilityTimeout;
    private final int maxReceiveCount;
    private final Function<SQSEvent, SQSBatchResponse> consumer;
    private final TreeMap<Long, Message> waiting = new TreeMap<>();
    private long nextId;
    private boolean invocationScheduled;
    private int deadLettered;
    private long invocations;
    private long failedInvocations;

    public SimQueue(String name, EventQueue events, int batchSize, Duration batchingWindow, Duration visibilityTimeout,
                    int maxReceiveCount, Function<SQSEvent, SQSBatchResponse> consumer) {
        this.name = name;
        this.events = events;
        this.batchSize = batchSize;
        this.batchingWindow = batchingWindow;
        this.visibilityTimeout = visibilityTimeout;
        this.maxReceiveCount = maxReceiveCount;
        this.consumer = consumer;
    }

    private static final class Message {
        final long id;
        final String body;
        Instant visibleAt;
        int receives;

        Message(long id, String body, Instant visibleAt) {
            this.id = id;
            this.body = body;
            this.visibleAt = visibleAt;
        }
    }

    public void send(String body, Duration delay) {
        Message message = new Message(nextId++, body, events.now().plus(delay));
        waiting.put(message.id, message);
        events.at(message.visibleAt, this::becameVisible);
    }

    private void becameVisible() {
        if (!invocationScheduled) {
            invocationScheduled = true;
            events.after(batchingWindow, this::invoke);
        }
    }

    private void invoke() {
        invocationScheduled = false;
        Instant now = events.now();
        List<Message> batch = new ArrayList<>();
        for (Message message : waiting.values()) {
            if (!message.visibleAt.isAfter(now)) {
                batch.add(message);
                if (batch.size() == batchSize) {
                    break;
                }
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        Map<String, Message> byId = new TreeMap<>();
        for (Message message : batch) {
            message.receives++;
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(name + "-" + message.id);
            record.setBody(message.body);
            record.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(message.receives)));
            records.add(record);
            byId.put(record.getMessageId(), message);
        }
        event.setRecords(records);
        invocations++;
        List<String> failed = new ArrayList<>();
        try {
            SQSBatchResponse response = consumer.apply(event);
            if (response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (RuntimeException e) {
            failedInvocations++;
            failed.addAll(byId.keySet());
        }
        for (Map.Entry<String, Message> entry : byId.entrySet()) {
            Message message = entry.getValue();
            if (!failed.contains(entry.getKey())) {
                waiting.remove(message.id);
            } else if (message.receives >= maxReceiveCount) {
                waiting.remove(message.id);
                deadLettered++;
            } else {
                message.visibleAt = now.plus(visibilityTimeout);
                events.at(message.visibleAt, this::becameVisible);
            }
        }
        // more visible messages than one batch: the poller takes the next batch at once
        if (waiting.values().stream().anyMatch(m -> !m.visibleAt.isAfter(now))) {
            invocationScheduled = true;
            events.after(Duration.ZERO, this::invoke);
        }
    }

    public int deadLettered() {
        return deadLettered;
    }

    public long invocations() {
        return invocations;
    }

    public long failedInvocations() {
        return failedInvocations;
    }

    public int depth() {
        return waiting.size();
    }
}
