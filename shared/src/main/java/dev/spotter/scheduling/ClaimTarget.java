package dev.spotter.scheduling;

import dev.spotter.model.Requirements;

import java.util.BitSet;

/**
 * A NodeClaim being planned: its NodePool, the instance types still able to take all its pods (a bit per pool type),
 * the requirements its pods added, and what it holds against the NodePool's limits.
 */
final class ClaimTarget extends Target {
    final PoolModel pool;
    final int sequence;
    long[] candidates;
    /** Element-wise maximum allocatable over the candidates: a quick "cannot fit" test. */
    final long[] maxAllocatable;
    Requirements requirements;
    final BitSet compatible = new BitSet();
    final BitSet incompatible = new BitSet();
    /** Variants present and how many of their pods (for recomputing candidates after a removal). */
    final java.util.TreeMap<Integer, int[]> variantCounts = new java.util.TreeMap<>();
    /** Largest capacity a launch of this claim may take, held against the NodePool's limits; null when unlimited. */
    long[] charge;
    /** Limited NodePools: candidates may not exceed this capacity. */
    long[] capacityBound;
    boolean removed;
    /** The claim's price, NaN when it must be recomputed (its candidates or domains changed). */
    double price = Double.NaN;

    ClaimTarget(int id, int sequence, PoolModel pool, long[] candidates, int resources) {
        super(id, resources);
        this.sequence = sequence;
        this.pool = pool;
        this.candidates = candidates;
        this.maxAllocatable = new long[resources];
        this.requirements = pool.requirements;
    }

    boolean isEmpty() {
        return pods.isEmpty();
    }

    @Override
    String name() {
        return pool.name + "#" + sequence;
    }

    @Override
    boolean admittedBy(TopologyGroup.NodeFilter filter) {
        return filter.matchesRequirements(requirements);
    }
}
