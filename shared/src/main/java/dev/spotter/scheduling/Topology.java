package dev.spotter.scheduling;

import dev.spotter.cluster.HostPort;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;

import java.util.Arrays;
import java.util.List;

/**
 * Topology counting for one scheduling run (Karpenter's topology.go): counts pods per domain in every group that
 * selects them, and checks a pod's spread, affinity and anti-affinity constraints (and the anti-affinity of pods
 * already placed) against a target, narrowing the zones and capacity types the target may still land in.
 */
final class Topology {
    private final Problem problem;
    private final List<TopologyGroup> groups;
    /** The domains {@link #check} narrowed the target to, when it returned null. */
    long outZones;
    int outCapacityTypes;

    Topology(Problem problem) {
        this.problem = problem;
        this.groups = problem.groups;
    }

    /**
     * Checks the pod's own topology constraints and the anti-affinity of pods already placed against a target that
     * may still land in any of {@code zones}/{@code cts}; on success leaves the narrowed domains in
     * {@link #outZones}/{@link #outCapacityTypes} (a spread or affinity constraint pins one domain, anti-affinity keeps
     * the domains without conflict).
     */
    String check(Target target, Variant variant, long zones, int cts, boolean sameDomains) {
        PodClass podClass = variant.podClass;
        long zoneMask = zones;
        long ctMask = cts;
        for (int position = 0; position < variant.ownedGroups.length; position++) {
            TopologyGroup group = groups.get(variant.ownedGroups[position]);
            boolean self = selects(podClass, group.id);
            switch (group.keyKind) {
                case HOSTNAME -> {
                    int count = target.hostCount(group.hostIndex);
                    boolean ok = switch (group.kind) {
                        case SPREAD -> count + (self ? 1 : 0) <= group.maxSkew();
                        case AFFINITY -> count > 0 || (self && group.total == 0);
                        case ANTI_AFFINITY -> count == 0;
                    };
                    if (!ok) {
                        return "would violate " + group.describe();
                    }
                }
                case ZONE -> {
                    if (!sameDomains) {
                        zoneMask = narrow(group, variant, position, zoneMask, variant.ownZoneMask, self);
                        if (zoneMask == 0) {
                            return "would violate " + group.describe();
                        }
                    }
                }
                case CAPACITY_TYPE -> {
                    if (!sameDomains) {
                        ctMask = narrow(group, variant, position, ctMask, variant.ownCapacityTypes, self);
                        if (ctMask == 0) {
                            return "would violate " + group.describe();
                        }
                    }
                }
                case UNSUPPORTED -> {
                    return variant.unsupported;
                }
            }
        }
        for (int id : podClass.selectedByAntiGroups) {
            TopologyGroup group = groups.get(id);
            switch (group.keyKind) {
                case HOSTNAME -> {
                    if (target.hostOwnerCount(group.hostIndex) > 0) {
                        return "would violate the " + group.describe() + " of a pod already there";
                    }
                }
                case ZONE -> {
                    if (!sameDomains) {
                        zoneMask &= ~ownerDomains(group);
                        if (zoneMask == 0) {
                            return "would violate the " + group.describe() + " of a pod in every allowed zone";
                        }
                    }
                }
                case CAPACITY_TYPE -> {
                    if (!sameDomains) {
                        ctMask &= ~ownerDomains(group);
                        if (ctMask == 0) {
                            return "would violate the " + group.describe() + " of a pod in every allowed capacity type";
                        }
                    }
                }
                default -> {
                }
            }
        }
        outZones = zoneMask;
        outCapacityTypes = (int) ctMask;
        return null;
    }

    /** A quick test of the hostname constraints alone: would the pod break one on this target? */
    boolean breaksHostnameConstraint(Target target, Variant variant) {
        for (int id : variant.ownedGroups) {
            TopologyGroup group = groups.get(id);
            if (group.keyKind != TopologyGroup.KeyKind.HOSTNAME) {
                continue;
            }
            int count = target.hostCount(group.hostIndex);
            if (group.kind == TopologyGroup.Kind.ANTI_AFFINITY && count > 0
                    || group.kind == TopologyGroup.Kind.SPREAD && count + (selects(variant.podClass, id) ? 1 : 0) > group.maxSkew()) {
                return true;
            }
        }
        for (int id : variant.podClass.selectedByAntiGroups) {
            TopologyGroup group = groups.get(id);
            if (group.keyKind == TopologyGroup.KeyKind.HOSTNAME && target.hostOwnerCount(group.hostIndex) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether the pods of two claims could share one node as far as hostname anti-affinity and host ports go. */
    boolean couldShareANode(ClaimTarget first, ClaimTarget second) {
        for (TopologyGroup group : groups) {
            if (group.keyKind != TopologyGroup.KeyKind.HOSTNAME) {
                continue;
            }
            int h = group.hostIndex;
            if (group.kind == TopologyGroup.Kind.ANTI_AFFINITY
                    && (first.hostOwnerCount(h) > 0 && second.hostCount(h) > 0 || second.hostOwnerCount(h) > 0 && first.hostCount(h) > 0)) {
                return false;
            }
        }
        for (HostPort port : first.hostPorts) {
            for (HostPort other : second.hostPorts) {
                if (port.conflictsWith(other)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long ownerDomains(TopologyGroup group) {
        long mask = 0;
        for (int d = 0; d < group.owners.length; d++) {
            if (group.owners[d] > 0) {
                mask |= 1L << d;
            }
        }
        return mask;
    }

    /** The domains of {@code domains} the constraint allows (pinned to one for spread and affinity). */
    private long narrow(TopologyGroup group, Variant variant, int position, long domains, long podDomains, boolean self) {
        int[] counts = group.counts;
        switch (group.kind) {
            case SPREAD -> {
                int min = minCount(group, universe(variant, position, group));
                int best = -1;
                for (long rest = domains & podDomains; rest != 0; rest &= rest - 1) {
                    int d = Long.numberOfTrailingZeros(rest);
                    if (counts[d] + (self ? 1 : 0) - min <= group.maxSkew() && (best < 0 || counts[d] < counts[best])) {
                        best = d;
                    }
                }
                return best < 0 ? 0 : 1L << best;
            }
            case AFFINITY -> {
                int best = -1;
                for (long rest = domains; rest != 0; rest &= rest - 1) {
                    int d = Long.numberOfTrailingZeros(rest);
                    if (counts[d] > 0 && (best < 0 || counts[d] > counts[best])) {
                        best = d;
                    }
                }
                if (best < 0 && self && group.total == 0 && (domains & podDomains) != 0) {
                    // the first pod of a self-affine set may go anywhere; the rest follow it (Karpenter's bootstrap)
                    best = Long.numberOfTrailingZeros(domains & podDomains);
                }
                return best < 0 ? 0 : 1L << best;
            }
            default -> {
                long allowed = 0;
                for (long rest = domains; rest != 0; rest &= rest - 1) {
                    int d = Long.numberOfTrailingZeros(rest);
                    if (counts[d] == 0) {
                        allowed |= 1L << d;
                    }
                }
                return allowed;
            }
        }
    }

    /** The smallest count over the domains a spread counts (with minDomains: zero while too few domains exist). */
    static int minCount(TopologyGroup group, long universe) {
        if (universe == 0 || Long.bitCount(universe) < group.identity.minDomains()) {
            return 0;
        }
        int min = Integer.MAX_VALUE;
        for (long rest = universe; rest != 0; rest &= rest - 1) {
            min = Math.min(min, group.counts[Long.numberOfTrailingZeros(rest)]);
        }
        return min;
    }

    /**
     * The domains a spread constraint counts for this pod: every zone (or capacity type) a NodePool the pod may use
     * can launch in with an available offering, and those of existing nodes the constraint's node filter admits,
     * limited to the pod's own requirement on the key.
     */
    long universe(Variant variant, int position, TopologyGroup group) {
        if (variant.universeKnown[position]) {
            return variant.universes[position];
        }
        boolean zone = group.keyKind == TopologyGroup.KeyKind.ZONE;
        long universe = 0;
        for (PoolFit fit : variant.fits) {
            if (fit == null) {
                continue;
            }
            for (int i = Bits.next(fit.types, 0); i >= 0; i = Bits.next(fit.types, i + 1)) {
                TypeModel type = fit.pool.types[i];
                for (int ct = 0; ct < 2; ct++) {
                    if ((fit.capacityTypes & (1 << ct)) == 0 || (type.zones[ct] & fit.zoneMask) == 0) {
                        continue;
                    }
                    universe |= zone ? type.zones[ct] & fit.zoneMask : 1L << ct;
                }
            }
        }
        for (NodeTarget target : problem.nodeTargets) {
            if (group.identity.filter().matchesLabels(target.labels)) {
                universe |= zone ? target.zoneMask : target.capacityTypes;
            }
        }
        universe &= zone ? variant.ownZoneMask : variant.ownCapacityTypes;
        variant.universes[position] = universe;
        variant.universeKnown[position] = true;
        return universe;
    }

    private static boolean selects(PodClass podClass, int groupId) {
        return Arrays.binarySearch(podClass.selectedByGroups, groupId) >= 0;
    }

    /** Counts the pod in every group that selects it (Karpenter's Topology.Record). */
    void record(Target target, PodModel pod, Variant variant, long zones, int cts) {
        pod.recordedZones = zones;
        pod.recordedCapacityTypes = cts;
        int[] selectedBy = variant.podClass.selectedByGroups;
        int[] recorded = new int[selectedBy.length];
        int n = 0;
        for (int id : selectedBy) {
            TopologyGroup group = groups.get(id);
            if (group.kind == TopologyGroup.Kind.SPREAD && !group.identity.filter().isAll() && !filterAdmits(target, group)) {
                continue;
            }
            if (count(target, group, zones, cts, 1)) {
                recorded[n++] = id;
            }
        }
        pod.recordedGroups = Arrays.copyOf(recorded, n);
        for (int id : variant.ownedGroups) {
            TopologyGroup group = groups.get(id);
            if (group.kind == TopologyGroup.Kind.ANTI_AFFINITY) {
                own(target, group, zones, cts, 1);
            }
        }
    }

    void unrecord(Target target, PodModel pod) {
        for (int id : pod.recordedGroups) {
            count(target, groups.get(id), pod.recordedZones, pod.recordedCapacityTypes, -1);
        }
        for (int id : pod.variant.ownedGroups) {
            TopologyGroup group = groups.get(id);
            if (group.kind == TopologyGroup.Kind.ANTI_AFFINITY) {
                own(target, group, pod.recordedZones, pod.recordedCapacityTypes, -1);
            }
        }
    }

    /** Adds {@code delta} to the group's count where the target is; anti-affinity counts every domain it may be in. */
    private boolean count(Target target, TopologyGroup group, long zones, int cts, int delta) {
        switch (group.keyKind) {
            case HOSTNAME -> {
                if (target.hostCounts == null) {
                    target.hostCounts = new int[problem.hostGroupCount];
                }
                target.hostCounts[group.hostIndex] += delta;
            }
            case ZONE, CAPACITY_TYPE -> {
                long domains = group.keyKind == TopologyGroup.KeyKind.ZONE ? zones : cts;
                if (domains == 0 || (group.kind != TopologyGroup.Kind.ANTI_AFFINITY && Long.bitCount(domains) != 1)) {
                    return false;
                }
                for (long rest = domains; rest != 0; rest &= rest - 1) {
                    group.counts[Long.numberOfTrailingZeros(rest)] += delta;
                }
            }
            default -> {
                return false;
            }
        }
        group.total += delta;
        return true;
    }

    private void own(Target target, TopologyGroup group, long zones, int cts, int delta) {
        switch (group.keyKind) {
            case HOSTNAME -> {
                if (target.hostOwners == null) {
                    target.hostOwners = new int[problem.hostGroupCount];
                }
                target.hostOwners[group.hostIndex] += delta;
            }
            case ZONE, CAPACITY_TYPE -> {
                long domains = group.keyKind == TopologyGroup.KeyKind.ZONE ? zones : cts;
                for (long rest = domains; rest != 0; rest &= rest - 1) {
                    group.owners[Long.numberOfTrailingZeros(rest)] += delta;
                }
            }
            default -> {
            }
        }
    }

    private static boolean filterAdmits(Target target, TopologyGroup group) {
        return target.admittedBy(group.identity.filter());
    }

    /** Counts a pod already bound to a node (or planned onto an in-flight claim) in the groups that select it. */
    void recordBound(NodeTarget target, Pod pod) {
        for (TopologyGroup group : groups) {
            if (!group.selects(pod)) {
                continue;
            }
            if (group.kind == TopologyGroup.Kind.SPREAD && !group.identity.filter().isAll() && !filterAdmits(target, group)) {
                continue;
            }
            count(target, group, target.zoneMask, target.capacityTypes, 1);
        }
        for (PodAffinityTerm term : pod.podAntiAffinity()) {
            TopologyGroup group = problem.group(Problem.termIdentity(TopologyGroup.Kind.ANTI_AFFINITY, pod, term));
            own(target, group, target.zoneMask, target.capacityTypes, 1);
        }
    }
}
