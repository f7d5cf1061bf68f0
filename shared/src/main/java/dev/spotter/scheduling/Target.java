package dev.spotter.scheduling;

import dev.spotter.cluster.HostPort;

import java.util.ArrayList;
import java.util.List;

/**
 * Somewhere pending pods can go: an existing node, an in-flight claim or a new claim. {@code id} is its hostname
 * domain; {@code zoneMask}/{@code capacityTypes} the zone and capacity-type domains it may still end up in (one bit
 * once known).
 */
abstract sealed class Target permits NodeTarget, ClaimTarget {
    final int id;
    final long[] used;
    final List<PodModel> pods = new ArrayList<>();
    final List<HostPort> hostPorts = new ArrayList<>();
    long zoneMask;
    int capacityTypes;
    /** Pods counted per hostname group (by {@link TopologyGroup#hostIndex}); null until one is. */
    int[] hostCounts;
    int[] hostOwners;

    Target(int id, int resources) {
        this.id = id;
        this.used = new long[resources];
    }

    int hostCount(int hostIndex) {
        return hostCounts == null ? 0 : hostCounts[hostIndex];
    }

    int hostOwnerCount(int hostIndex) {
        return hostOwners == null ? 0 : hostOwners[hostIndex];
    }

    abstract String name();

    /** Whether a spread constraint's node filter (nodeSelector and required affinity) admits this target. */
    abstract boolean admittedBy(TopologyGroup.NodeFilter filter);
}
