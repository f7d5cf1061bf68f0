package dev.spotter.scheduling;

import dev.spotter.config.NodePool;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Taint;

import java.util.List;

/**
 * A NodePool as the engine uses it: its launch requirements (its requirements, its labels, its own name, and
 * on-demand when it says nothing of capacity types), its taints, its instance types cheapest first, and its limits.
 */
final class PoolModel {
    final int index;
    final NodePool nodePool;
    final String name;
    final String nodeClass;
    final Requirements requirements;
    final List<Taint> taints;
    final TypeModel[] types;
    final long zoneMask;
    final int capacityTypes;
    /** Limits over the resource index; Long.MAX_VALUE where the NodePool sets none. */
    final long[] limits;
    final long nodeLimit;
    final boolean limited;
    final List<Requirement> minValues;
    /** Distinct-value ids of each minValues key per type: minValueIds[k][type]; -1 when the type lacks the label. */
    final int[][] minValueIds;
    /** Why the NodePool can launch nothing (no NodeClass, no instance types), or null. */
    final String unusableReason;
    final boolean hasPreferNoScheduleTaint;

    PoolModel(int index, NodePool nodePool, Requirements requirements, TypeModel[] types, long zoneMask, int capacityTypes,
              long[] limits, long nodeLimit, List<Requirement> minValues, int[][] minValueIds, String unusableReason) {
        this.index = index;
        this.nodePool = nodePool;
        this.name = nodePool.name();
        this.nodeClass = nodePool.nodeClassName();
        this.requirements = requirements;
        this.taints = nodePool.taints();
        this.types = types;
        this.zoneMask = zoneMask;
        this.capacityTypes = capacityTypes;
        this.limits = limits;
        this.nodeLimit = nodeLimit;
        boolean any = nodeLimit != Long.MAX_VALUE;
        for (long limit : limits) {
            any |= limit != Long.MAX_VALUE;
        }
        this.limited = any;
        this.minValues = minValues;
        this.minValueIds = minValueIds;
        this.unusableReason = unusableReason;
        this.hasPreferNoScheduleTaint = taints.stream().anyMatch(t -> t.effect().equals(Taint.PREFER_NO_SCHEDULE));
    }

    /** True when every limited resource of {@code capacity} fits under {@code bound}. */
    boolean withinLimits(long[] capacity, long[] bound) {
        for (int i = 0; i < limits.length; i++) {
            if (limits[i] != Long.MAX_VALUE && capacity[i] > bound[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name;
    }
}
