package dev.spotter.interruption;

import dev.spotter.catalog.OfferingKey;

/**
 * One thing the interruption executor does about a node, in the order an {@link InterruptionAction} lists them.
 * Steps are idempotent by contract: an event delivered twice repeats them harmlessly.
 */
public sealed interface InterruptionStep {

    /**
     * One method per step type: an executor implements it, so a new step type does not compile until every executor
     * handles it.
     */
    interface Visitor {
        void markOfferingUnavailable(MarkOfferingUnavailable step);

        void taintDisrupted(TaintDisrupted step);

        void drain(Drain step);

        void provisionNow(ProvisionNow step);

        void retire(Retire step);

        void launchReplacement(LaunchReplacement step);

        void drainWhenReplacementReady(DrainWhenReplacementReady step);
    }

    /** Calls the visitor's method for this type. */
    void accept(Visitor visitor);

    /** Remember the offering as unavailable, so the next launches avoid the pool that is being reclaimed. */
    record MarkOfferingUnavailable(OfferingKey offering) implements InterruptionStep {
        @Override
        public void accept(Visitor visitor) {
            visitor.markOfferingUnavailable(this);
        }
    }

    /** Taint the node {@code karpenter.sh/disrupted:NoSchedule} so nothing new lands on it. */
    record TaintDisrupted() implements InterruptionStep {
        @Override
        public void accept(Visitor visitor) {
            visitor.taintDisrupted(this);
        }
    }

    /** Cordon the node and evict its pods (respecting PodDisruptionBudgets while time allows). */
    record Drain() implements InterruptionStep {
        @Override
        public void accept(Visitor visitor) {
            visitor.drain(this);
        }
    }

    /** Signal the provisioner now instead of waiting for the evicted pods to be noticed. */
    record ProvisionNow() implements InterruptionStep {
        @Override
        public void accept(Visitor visitor) {
            visitor.provisionNow(this);
        }
    }

    /** Terminate the instance (if still running), delete the Node and mark the NodeClaim terminated. */
    record Retire() implements InterruptionStep {
        @Override
        public void accept(Visitor visitor) {
            visitor.retire(this);
        }
    }

    /** Launch a NodeClaim like this one, ahead of the node's loss. */
    record LaunchReplacement() implements InterruptionStep {
        @Override
        public void accept(Visitor visitor) {
            visitor.launchReplacement(this);
        }
    }

    /** Drain and retire the node once its replacement is initialized (checked by the periodic tick). */
    record DrainWhenReplacementReady() implements InterruptionStep {
        @Override
        public void accept(Visitor visitor) {
            visitor.drainWhenReplacementReady(this);
        }
    }
}
