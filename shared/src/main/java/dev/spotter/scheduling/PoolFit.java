package dev.spotter.scheduling;

/**
 * What one pod variant may use in one NodePool: the instance types (a bit per pool type) whose labels, offerings and
 * allocatable admit one such pod, and the zones and capacity types allowed by both the NodePool and the pod.
 */
final class PoolFit {
    final PoolModel pool;
    final long[] types;
    final long zoneMask;
    final int capacityTypes;
    /** Price of one pod at its best type if it could be packed perfectly there (CostOptimizing's yardstick); lazy. */
    double fairPrice = Double.NaN;

    PoolFit(PoolModel pool, long[] types, long zoneMask, int capacityTypes) {
        this.pool = pool;
        this.types = types;
        this.zoneMask = zoneMask;
        this.capacityTypes = capacityTypes;
    }
}
