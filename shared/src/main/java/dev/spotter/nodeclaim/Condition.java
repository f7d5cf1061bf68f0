package dev.spotter.nodeclaim;

import java.time.Instant;

/** A NodeClaim condition (Launched, Registered, Initialized, Drained, ...) with the time it last changed. */
public record Condition(String type, boolean status, String reason, String message, Instant lastTransitionTime) {
    public Condition {
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
    }
}
