package dev.spotter.scheduling;

import dev.spotter.cluster.HostPort;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;
import dev.spotter.model.Requirements;
import dev.spotter.model.Taint;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One scheduling run's state and the feasibility checks every strategy shares: Karpenter's ExistingNode.Add and
 * NodeClaim.Add (taints, requirements, host ports, topology, resources, minValues) and NodePool limits. Strategies
 * decide where to try a pod; only this class decides whether it may go there, and records it.
 */
final class SchedulingState {
    static final String NO_ROOM = "not enough room";

    final Problem problem;
    final ResourceIndex resources;
    final List<TopologyGroup> groups;
    final List<ClaimTarget> claims = new ArrayList<>();
    final long[][] poolUsage;
    final long[] poolNodes;
    private int nextTargetId;
    private int claimSequence;
    private long outZones;
    private int outCapacityTypes;

    SchedulingState(Problem problem) {
        this.problem = problem;
        this.resources = problem.resources;
        this.groups = problem.groups;
        this.poolUsage = new long[problem.pools.size()][resources.size()];
        this.poolNodes = new long[problem.pools.size()];
        this.nextTargetId = problem.nodeTargets.size();
        for (NodeTarget target : problem.nodeTargets) {
            int pool = problem.nodeTargetPool.get(target);
            if (pool >= 0) {
                ResourceIndex.add(poolUsage[pool], problem.nodeTargetCapacity.get(target));
                poolNodes[pool]++;
            }
            for (Pod pod : problem.boundPods.get(target)) {
                recordBound(target, pod);
            }
        }
    }

    // ---------------------------------------------------------------- existing nodes and in-flight claims

    /** Places the pod on an existing node or in-flight claim if it may go there; returns null, or why not. */
    String tryNode(NodeTarget target, PodModel pod, Variant variant) {
        if (variant.unsupported != null) {
            return variant.unsupported;
        }
        if (target.incompatible.get(variant.id)) {
            return "incompatible";
        }
        if (!target.compatible.get(variant.id)) {
            String reason = nodeIncompatibility(target, variant);
            if (reason != null) {
                target.incompatible.set(variant.id);
                return reason;
            }
            target.compatible.set(variant.id);
        }
        long[] requests = variant.podClass.requests;
        if (!ResourceIndex.fits(target.used, requests, target.allocatable)) {
            return NO_ROOM;
        }
        if (portConflict(target, variant.podClass)) {
            return "host port conflict";
        }
        String topology = checkTopology(target, variant, target.zoneMask, target.capacityTypes, false);
        if (topology != null) {
            return topology;
        }
        ResourceIndex.add(target.used, requests);
        place(target, pod, variant, target.zoneMask, target.capacityTypes);
        return null;
    }

    private String nodeIncompatibility(NodeTarget target, Variant variant) {
        for (Taint taint : target.taints) {
            if (taint.effect().equals(Taint.PREFER_NO_SCHEDULE) && variant.toleratesPreferNoSchedule) {
                continue;
            }
            if (variant.podClass.template.tolerations().stream().noneMatch(t -> t.tolerates(taint))) {
                return "did not tolerate taint " + taint;
            }
        }
        return target.labelRequirements.incompatibilityWith(variant.requirements, Set.of()).orElse(null);
    }

    // ---------------------------------------------------------------- new claims

    /**
     * Opens an empty claim in a NodePool, its candidates being the NodePool's types offered in the zones and capacity
     * types given and, for a limited NodePool, no larger than {@code capacityBound}. Returns null when none is left.
     */
    ClaimTarget openClaim(PoolModel pool, long zoneMask, int capacityTypes, long[] capacityBound) {
        long zones = zoneMask & pool.zoneMask;
        int cts = capacityTypes & pool.capacityTypes;
        long[] candidates = Bits.create(pool.types.length);
        for (TypeModel type : pool.types) {
            if (type.offered(zones, cts) && (capacityBound == null || pool.withinLimits(type.capacity, capacityBound))) {
                Bits.set(candidates, type.index);
            }
        }
        if (Bits.isEmpty(candidates)) {
            return null;
        }
        ClaimTarget claim = new ClaimTarget(nextTargetId++, claimSequence++, pool, candidates, resources.size());
        claim.zoneMask = zones;
        claim.capacityTypes = cts;
        claim.capacityBound = pool.limited ? capacityBound : null;
        updateMaxAllocatable(claim);
        claims.add(claim);
        return claim;
    }

    /** What is left of a NodePool's limits, or null when it has none; a NodePool at its node limit has nothing left. */
    long[] remainingLimits(PoolModel pool) {
        if (!pool.limited) {
            return null;
        }
        long[] remaining = new long[resources.size()];
        boolean nodesLeft = pool.nodeLimit == Long.MAX_VALUE || poolNodes[pool.index] < pool.nodeLimit;
        for (int i = 0; i < remaining.length; i++) {
            remaining[i] = !nodesLeft ? -1 : pool.limits[i] == Long.MAX_VALUE ? Long.MAX_VALUE : pool.limits[i] - poolUsage[pool.index][i];
        }
        return remaining;
    }

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

    /** Adds the pod to a claim if it may go there; returns null, or why not. */
    String tryClaim(ClaimTarget claim, PodModel pod, Variant variant) {
        return tryClaim(claim, pod, variant, false);
    }

    /**
     * As {@link #tryClaim(ClaimTarget, PodModel, Variant)}; {@code sameDomains} is for moving a pod between claims
     * pinned to the same zone and capacity type, where zone and capacity-type counts do not change.
     */
    String tryClaim(ClaimTarget claim, PodModel pod, Variant variant, boolean sameDomains) {
        if (variant.unsupported != null) {
            return variant.unsupported;
        }
        if (claim.incompatible.get(variant.id)) {
            return "incompatible";
        }
        PoolFit fit = variant.fits[claim.pool.index];
        if (fit == null) {
            claim.incompatible.set(variant.id);
            return variant.poolReasons[claim.pool.index];
        }
        long[] requests = variant.podClass.requests;
        if (!ResourceIndex.fits(claim.used, requests, claim.maxAllocatable)) {
            return NO_ROOM;
        }
        long zones = claim.zoneMask & fit.zoneMask;
        int cts = claim.capacityTypes & fit.capacityTypes;
        if (zones == 0 || cts == 0) {
            claim.incompatible.set(variant.id);
            return "no common zone or capacity type";
        }
        if (portConflict(claim, variant.podClass)) {
            return "host port conflict";
        }
        Requirements joined = null;
        if (!claim.compatible.get(variant.id)) {
            Optional<String> conflict = claim.requirements.incompatibilityWith(variant.requirements, WellKnownLabels.WELL_KNOWN);
            if (conflict.isPresent()) {
                claim.incompatible.set(variant.id);
                return conflict.get();
            }
            joined = claim.requirements.and(variant.requirements);
        }
        String topology = checkTopology(claim, variant, zones, cts, sameDomains);
        if (topology != null) {
            return topology;
        }
        zones = outZones;
        cts = outCapacityTypes;
        PoolModel pool = claim.pool;
        long[] next = claim.candidates.clone();
        Bits.and(next, fit.types);
        for (int i = Bits.next(next, 0); i >= 0; i = Bits.next(next, i + 1)) {
            TypeModel type = pool.types[i];
            if (!ResourceIndex.fits(claim.used, requests, type.allocatable) || !type.offered(zones, cts)) {
                Bits.clear(next, i);
            }
        }
        if (Bits.isEmpty(next)) {
            return "no instance type has room for all the claim's pods";
        }
        if (!pool.minValues.isEmpty()) {
            String shortfall = problem.minValuesShortfall(pool, next);
            if (shortfall != null) {
                return shortfall;
            }
        }
        claim.candidates = next;
        updateMaxAllocatable(claim);
        ResourceIndex.add(claim.used, requests);
        if (joined != null) {
            claim.requirements = joined;
            claim.compatible.set(variant.id);
        }
        claim.variantCounts.computeIfAbsent(variant.id, id -> new int[1])[0]++;
        place(claim, pod, variant, zones, cts);
        if (pool.limited && claim.charge == null) {
            charge(claim);
        }
        return null;
    }

    /** Karpenter's subtractMax: a claim holds the largest capacity among its candidates against the limits. */
    private void charge(ClaimTarget claim) {
        long[] max = new long[resources.size()];
        for (int i = Bits.next(claim.candidates, 0); i >= 0; i = Bits.next(claim.candidates, i + 1)) {
            long[] capacity = claim.pool.types[i].capacity;
            for (int r = 0; r < max.length; r++) {
                max[r] = Math.max(max[r], capacity[r]);
            }
        }
        claim.charge = max;
        ResourceIndex.add(poolUsage[claim.pool.index], max);
        poolNodes[claim.pool.index]++;
    }

    /** Takes a pod off a claim, undoing its counts; the claim's candidates widen again (within what it holds). */
    void remove(ClaimTarget claim, PodModel pod) {
        Variant variant = pod.variant;
        unrecord(claim, pod);
        ResourceIndex.subtract(claim.used, variant.podClass.requests);
        claim.pods.remove(pod);
        for (HostPort port : variant.podClass.hostPorts) {
            claim.hostPorts.remove(port);
        }
        int[] count = claim.variantCounts.get(variant.id);
        if (--count[0] == 0) {
            claim.variantCounts.remove(variant.id);
            claim.compatible.clear();
            claim.incompatible.clear();
            Requirements requirements = claim.pool.requirements;
            for (int id : claim.variantCounts.keySet()) {
                requirements = requirements.and(problem.variants.get(id).requirements);
                claim.compatible.set(id);
            }
            claim.requirements = requirements;
        }
        recomputeCandidates(claim);
        pod.target = null;
        pod.variant = null;
    }

    private void recomputeCandidates(ClaimTarget claim) {
        PoolModel pool = claim.pool;
        long[] candidates = Bits.create(pool.types.length);
        long[] bound = claim.charge != null ? claim.charge : claim.capacityBound;
        for (TypeModel type : pool.types) {
            if (type.offered(claim.zoneMask, claim.capacityTypes) && ResourceIndex.within(claim.used, type.allocatable)
                    && (bound == null || pool.withinLimits(type.capacity, bound))) {
                Bits.set(candidates, type.index);
            }
        }
        for (int id : claim.variantCounts.keySet()) {
            Bits.and(candidates, problem.variants.get(id).fits[pool.index].types);
        }
        claim.candidates = candidates;
        updateMaxAllocatable(claim);
    }

    /** Drops an empty claim and gives back what it held against its NodePool's limits. */
    void drop(ClaimTarget claim) {
        if (!claim.isEmpty()) {
            throw new IllegalStateException("cannot drop claim " + claim.name() + " with pods");
        }
        if (claim.charge != null) {
            ResourceIndex.subtract(poolUsage[claim.pool.index], claim.charge);
            poolNodes[claim.pool.index]--;
            claim.charge = null;
        }
        claim.removed = true;
    }

    /** Drops a claim just opened that took no pod, and forgets it. */
    void discard(ClaimTarget claim) {
        drop(claim);
        claims.remove(claim);
    }

    /** The claims still planned, in the order they were opened. */
    List<ClaimTarget> liveClaims() {
        List<ClaimTarget> live = new ArrayList<>();
        for (ClaimTarget claim : claims) {
            if (!claim.removed && !claim.isEmpty()) {
                live.add(claim);
            }
        }
        return live;
    }

    /** Drops claims left empty and forgets dropped ones. */
    void compactClaims() {
        for (ClaimTarget claim : claims) {
            if (!claim.removed && claim.isEmpty()) {
                drop(claim);
            }
        }
        claims.removeIf(c -> c.removed);
    }

    /** The price of the cheapest candidate in the claim's zones and capacity types. */
    double price(ClaimTarget claim) {
        if (!Double.isNaN(claim.price)) {
            return claim.price;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = Bits.next(claim.candidates, 0); i >= 0; i = Bits.next(claim.candidates, i + 1)) {
            best = Math.min(best, claim.pool.types[i].price(claim.zoneMask, claim.capacityTypes));
        }
        claim.price = best;
        return best;
    }

    private void updateMaxAllocatable(ClaimTarget claim) {
        claim.price = Double.NaN;
        long[] max = claim.maxAllocatable;
        Arrays.fill(max, 0);
        for (int i = Bits.next(claim.candidates, 0); i >= 0; i = Bits.next(claim.candidates, i + 1)) {
            long[] allocatable = claim.pool.types[i].allocatable;
            for (int r = 0; r < max.length; r++) {
                if (allocatable[r] > max[r]) {
                    max[r] = allocatable[r];
                }
            }
        }
    }

    private static boolean portConflict(Target target, PodClass podClass) {
        for (HostPort wanted : podClass.hostPorts) {
            for (HostPort bound : target.hostPorts) {
                if (wanted.conflictsWith(bound)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- topology (Karpenter's topology.go)

    /**
     * Checks the pod's own topology constraints and the anti-affinity of pods already placed against a target that
     * may still land in any of {@code zones}/{@code cts}; on success leaves the narrowed domains in
     * {@link #outZones}/{@link #outCapacityTypes} (a spread or affinity constraint pins one domain, anti-affinity keeps
     * the domains without conflict).
     */
    private String checkTopology(Target target, Variant variant, long zones, int cts, boolean sameDomains) {
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

    private void place(Target target, PodModel pod, Variant variant, long zones, int cts) {
        target.pods.add(pod);
        target.hostPorts.addAll(variant.podClass.hostPorts);
        target.zoneMask = zones;
        target.capacityTypes = cts;
        if (target instanceof ClaimTarget claim) {
            claim.price = Double.NaN;
        }
        pod.target = target;
        pod.variant = variant;
        record(target, pod, variant, zones, cts);
    }

    /** Counts the pod in every group that selects it (Karpenter's Topology.Record). */
    private void record(Target target, PodModel pod, Variant variant, long zones, int cts) {
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

    private void unrecord(Target target, PodModel pod) {
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

    private boolean filterAdmits(Target target, TopologyGroup group) {
        if (target instanceof NodeTarget node) {
            return group.identity.filter().matchesLabels(node.labels);
        }
        return group.identity.filter().matchesRequirements(((ClaimTarget) target).requirements);
    }

    /** Counts a pod already bound to a node (or planned onto an in-flight claim) in the groups that select it. */
    private void recordBound(NodeTarget target, Pod pod) {
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

    Map<String, Long> describeUsage(PoolModel pool) {
        return resources.toResources(poolUsage[pool.index]).asMap();
    }
}
