package dev.spotter.interruption;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One EventBridge event about EC2 instances, reduced to what Spotter decides on.
 *
 * @param kind        what is happening
 * @param id          the EventBridge event id (for logs and de-duplication)
 * @param time        when EventBridge says the event happened
 * @param instanceIds the instances the event is about (empty for no-op events)
 * @param state       the new instance state for {@link InterruptionKind#STATE_CHANGE} (lower case, e.g.
 *                    {@code shutting-down}); empty for every other kind
 * @param key         the event's source, detail-type and version
 * @param description a short human summary, for no-op events the reason nothing will be done
 */
public record InterruptionEvent(
        InterruptionKind kind,
        String id,
        Instant time,
        List<String> instanceIds,
        String state,
        EventKey key,
        String description) {

    public InterruptionEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(key, "key");
        instanceIds = List.copyOf(instanceIds);
        state = state == null ? "" : state;
        description = description == null ? "" : description;
    }

    /** An event that leads to nothing, with the reason why. */
    public static InterruptionEvent noOp(EventEnvelope envelope, String reason) {
        return new InterruptionEvent(InterruptionKind.NO_OP, envelope.id(), envelope.time(), List.of(), "",
                envelope.key(), reason);
    }

    public static InterruptionEvent of(InterruptionKind kind, EventEnvelope envelope, List<String> instanceIds,
                                       String description) {
        return new InterruptionEvent(kind, envelope.id(), envelope.time(), instanceIds, "", envelope.key(),
                description);
    }

    public static InterruptionEvent stateChange(EventEnvelope envelope, String instanceId, String state) {
        return new InterruptionEvent(InterruptionKind.STATE_CHANGE, envelope.id(), envelope.time(),
                List.of(instanceId), state, envelope.key(), "instance " + instanceId + " is " + state);
    }

    public boolean isNoOp() {
        return kind == InterruptionKind.NO_OP;
    }
}
