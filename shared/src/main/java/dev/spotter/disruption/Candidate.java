package dev.spotter.disruption;

import dev.spotter.catalog.InstanceType;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodePool;

import java.util.List;

/**
 * A node that may be disrupted (Karpenter's Candidate): its state, NodePool, instance type (null when the catalog
 * does not know it), its current price per hour, the pods that would have to move, and Karpenter's disruption cost
 * (the pods' eviction costs scaled by the share of its lifetime left): cheaper to disrupt first.
 */
record Candidate(StateNode state, NodePool pool, InstanceType type, double price, List<Pod> reschedulable, double disruptionCost) {
    Candidate {
        reschedulable = List.copyOf(reschedulable);
    }

    String name() {
        return state.name();
    }

    String instanceType() {
        return state.claim().instanceType() == null ? "" : state.claim().instanceType();
    }

    boolean isSpot() {
        return state.claim().capacityType() == dev.spotter.catalog.CapacityType.SPOT;
    }

    boolean isEmpty() {
        return reschedulable.isEmpty();
    }
}
