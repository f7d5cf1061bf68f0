package dev.spotter.lifecycle;

import dev.spotter.cloud.CloudInstance;

import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.nodeclaim.NodeClaim;

import java.util.List;

/** One step the reconcile tick decided to take; an executor carries it out against the cloud, the cluster and the store. */
public sealed interface LifecycleCommand {

    /**
     * One method per command type: an executor implements it, so a new command type does not compile until every
     * executor handles it.
     */
    interface Visitor {
        void markRegistered(MarkRegistered command);

        void markInitialized(MarkInitialized command);

        void adoptInstance(AdoptInstance command);

        void relaunch(Relaunch command);

        void retire(Retire command);

        void startDrain(StartDrain command);

        void evict(Evict command);

        void finishDrain(FinishDrain command);

        void terminateOrphan(TerminateOrphan command);
    }

    /** Calls the visitor's method for this type. */
    void accept(Visitor visitor);

    /** The claim's instance joined the cluster as {@code node}. */
    record MarkRegistered(NodeClaim claim, Node node) implements LifecycleCommand {
        @Override
        public void accept(Visitor visitor) {
            visitor.markRegistered(this);
        }
    }

    /** The claim's node is Ready, its startup taints are gone and its extended resources are registered. */
    record MarkInitialized(NodeClaim claim) implements LifecycleCommand {
        @Override
        public void accept(Visitor visitor) {
            visitor.markInitialized(this);
        }
    }

    /** A Planned claim whose instance exists (the launch finished but was not recorded): record it. */
    record AdoptInstance(NodeClaim claim, CloudInstance instance) implements LifecycleCommand {
        @Override
        public void accept(Visitor visitor) {
            visitor.adoptInstance(this);
        }
    }

    /** A Planned claim with no instance, still young enough to try: launch it again. */
    record Relaunch(NodeClaim claim) implements LifecycleCommand {
        @Override
        public void accept(Visitor visitor) {
            visitor.relaunch(this);
        }
    }

    /**
     * Give the claim up: terminate its instance (if any), delete its Node (if any) and tombstone it.
     * Used for claims that never launched or registered, and for claims whose instance is gone.
     */
    record Retire(NodeClaim claim, Node node, String reason) implements LifecycleCommand {
        @Override
        public void accept(Visitor visitor) {
            visitor.retire(this);
        }
    }

    /** The node's replacement is ready (rebalance recommendation): start draining it. */
    record StartDrain(NodeClaim claim, String reason) implements LifecycleCommand {
        @Override
        public void accept(Visitor visitor) {
            visitor.startDrain(this);
        }
    }

    /** Evict these pods, in this order, from a draining claim's node. */
    record Evict(NodeClaim claim, Node node, List<Pod> pods) implements LifecycleCommand {
        @Override
        public void accept(Visitor visitor) {
            visitor.evict(this);
        }
        public Evict {
            pods = List.copyOf(pods);
        }
    }

    /** A draining claim is empty (or out of grace): terminate the instance, delete the Node, tombstone the claim. */
    record FinishDrain(NodeClaim claim, Node node, String reason) implements LifecycleCommand {
        @Override
        public void accept(Visitor visitor) {
            visitor.finishDrain(this);
        }
    }

    /** An instance tagged for this cluster that no live claim owns. */
    record TerminateOrphan(CloudInstance instance, String reason) implements LifecycleCommand {
        @Override
        public void accept(Visitor visitor) {
            visitor.terminateOrphan(this);
        }
    }
}
