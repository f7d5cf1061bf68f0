package dev.spotter.scheduling;

/**
 * NodePool limits for one scheduling run: what existing nodes and planned claims hold against each NodePool's
 * resource and node limits. A claim holds the largest capacity among its candidates (Karpenter's subtractMax).
 */
final class PoolLimits {
    private final long[][] usage;
    private final long[] nodes;
    private final int resources;

    PoolLimits(int pools, int resources) {
        this.usage = new long[pools][resources];
        this.nodes = new long[pools];
        this.resources = resources;
    }

    /** Counts an existing node (or in-flight claim) of this capacity against its NodePool. */
    void count(int pool, long[] capacity) {
        ResourceIndex.add(usage[pool], capacity);
        nodes[pool]++;
    }

    /** What is left of a NodePool's limits, or null when it has none; a NodePool at its node limit has nothing left. */
    long[] remaining(PoolModel pool) {
        if (!pool.limited) {
            return null;
        }
        long[] remaining = new long[resources];
        boolean nodesLeft = pool.nodeLimit == Long.MAX_VALUE || nodes[pool.index] < pool.nodeLimit;
        for (int i = 0; i < remaining.length; i++) {
            remaining[i] = !nodesLeft ? -1 : pool.limits[i] == Long.MAX_VALUE ? Long.MAX_VALUE : pool.limits[i] - usage[pool.index][i];
        }
        return remaining;
    }

    /** Whether a {@link #remaining} result leaves nothing (null: unlimited). */
    static boolean exhausted(long[] remaining) {
        if (remaining == null) {
            return false;
        }
        for (long value : remaining) {
            if (value < 0) {
                return true;
            }
        }
        return false;
    }

    /** Karpenter's subtractMax: a claim holds the largest capacity among its candidates against the limits. */
    void charge(ClaimTarget claim) {
        long[] max = new long[resources];
        for (int i = Bits.next(claim.candidates, 0); i >= 0; i = Bits.next(claim.candidates, i + 1)) {
            long[] capacity = claim.pool.types[i].capacity;
            for (int r = 0; r < max.length; r++) {
                max[r] = Math.max(max[r], capacity[r]);
            }
        }
        claim.charge = max;
        ResourceIndex.add(usage[claim.pool.index], max);
        nodes[claim.pool.index]++;
    }

    /** Gives back what a claim held (if it held anything). */
    void release(ClaimTarget claim) {
        if (claim.charge != null) {
            ResourceIndex.subtract(usage[claim.pool.index], claim.charge);
            nodes[claim.pool.index]--;
            claim.charge = null;
        }
    }
}
