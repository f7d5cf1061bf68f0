package dev.spotter.interruption;

import dev.spotter.nodeclaim.NodeClaim;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What Spotter will do about one instance named by an interruption event: the steps in order (none for a no-op)
 * and why. Computed by {@link InterruptionPolicy}, carried out by the executor.
 *
 * @param nodeClaim the NodeClaim owning the instance, or null when Spotter owns no such instance
 */
public record InterruptionAction(
        String instanceId,
        InterruptionEvent event,
        NodeClaim nodeClaim,
        List<InterruptionStep> steps,
        String reason) {

    public InterruptionAction {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(event, "event");
        steps = List.copyOf(steps);
        reason = reason == null ? "" : reason;
    }

    public static InterruptionAction noOp(String instanceId, InterruptionEvent event, NodeClaim claim, String reason) {
        return new InterruptionAction(instanceId, event, claim, List.of(), reason);
    }

    public boolean isNoOp() {
        return steps.isEmpty();
    }

    public Optional<NodeClaim> claim() {
        return Optional.ofNullable(nodeClaim);
    }

    public boolean has(Class<? extends InterruptionStep> step) {
        return steps.stream().anyMatch(step::isInstance);
    }
}
