package dev.spotter.scheduling;

import dev.spotter.model.Requirements;

/**
 * A pod class at one relaxation level: the requirements it is scheduled with (node selector, the required term in
 * force, and the heaviest preferred term still in force treated as required, as Karpenter does), the topology groups it
 * must satisfy, and per NodePool what it may use ({@code fits[pool] == null} with {@code poolReasons[pool]} when it
 * cannot use that NodePool).
 */
final class Variant {
    final int id;
    final PodClass podClass;
    final int level;
    final Requirements requirements;
    final long ownZoneMask;
    final int ownCapacityTypes;
    final boolean toleratesPreferNoSchedule;
    final int[] ownedGroups;
    /** Why no node can honour this variant at all (unsupported topology key, pinned hostname), or null. */
    final String unsupported;
    PoolFit[] fits;
    String[] poolReasons;
    /** Spread universes (domains counted for the minimum), by owned-group position; 0 until computed. */
    final long[] universes;
    final boolean[] universeKnown;

    Variant(int id, PodClass podClass, int level, Requirements requirements, long ownZoneMask, int ownCapacityTypes,
            boolean toleratesPreferNoSchedule, int[] ownedGroups, String unsupported) {
        this.id = id;
        this.podClass = podClass;
        this.level = level;
        this.requirements = requirements;
        this.ownZoneMask = ownZoneMask;
        this.ownCapacityTypes = ownCapacityTypes;
        this.toleratesPreferNoSchedule = toleratesPreferNoSchedule;
        this.ownedGroups = ownedGroups;
        this.unsupported = unsupported;
        this.universes = new long[ownedGroups.length];
        this.universeKnown = new boolean[ownedGroups.length];
    }

    PoolFit fit(PoolModel pool) {
        return fits[pool.index];
    }

    @Override
    public String toString() {
        return podClass + "@" + level;
    }
}
