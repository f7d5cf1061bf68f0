package dev.spotter.interruption;

import dev.spotter.catalog.OfferingKey;

/**
 * One thing the interruption executor does about a node, in the order an {@link InterruptionAction} lists them.
 * Steps are idempotent by contract: an event delivered twice repeats them harmlessly.
 */
public sealed interface InterruptionStep {

    /** Remember the offering as unavailable, so the next launches avoid the pool that is being reclaimed. */
    record MarkOfferingUnavailable(OfferingKey offering) implements InterruptionStep {
    }

    /** Taint the node {@code karpenter.sh/disrupted:NoSchedule} so nothing new lands on it. */
    record TaintDisrupted() implements InterruptionStep {
    }

    /** Cordon the node and evict its pods (respecting PodDisruptionBudgets while time allows). */
    record Drain() implements InterruptionStep {
    }

    /** Signal the provisioner now instead of waiting for the evicted pods to be noticed. */
    record ProvisionNow() implements InterruptionStep {
    }

    /** Terminate the instance (if still running), delete the Node and mark the NodeClaim terminated. */
    record Retire() implements InterruptionStep {
    }

    /** Launch a NodeClaim like this one, ahead of the node's loss. */
    record LaunchReplacement() implements InterruptionStep {
    }

    /** Drain and retire the node once its replacement is initialized (checked by the periodic tick). */
    record DrainWhenReplacementReady() implements InterruptionStep {
    }
}
