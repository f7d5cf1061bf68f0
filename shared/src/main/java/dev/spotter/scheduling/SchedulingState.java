package dev.spotter.scheduling;

import dev.spotter.cluster.HostPort;
import dev.spotter.cluster.Pod;
import dev.spotter.model.Requirements;
import dev.spotter.model.Taint;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    /** What the claims and nodes hold against their NodePools' limits. */
    final PoolLimits limits;
    private int nextTargetId;
    private int claimSequence;
    /** Topology counts and checks. */
    final Topology topology;

    SchedulingState(Problem problem) {
        this.problem = problem;
        this.resources = problem.resources;
        this.groups = problem.groups;
        this.topology = new Topology(problem);
        this.limits = new PoolLimits(problem.pools.size(), resources.size());
        this.nextTargetId = problem.nodeTargets.size();
        for (NodeTarget target : problem.nodeTargets) {
            int pool = problem.nodeTargetPool.get(target);
            if (pool >= 0) {
                limits.count(pool, problem.nodeTargetCapacity.get(target));
            }
            for (Pod pod : problem.boundPods.get(target)) {
                topology.recordBound(target, pod);
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
        String topology = this.topology.check(target, variant, target.zoneMask, target.capacityTypes, false);
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
        return limits.remaining(pool);
    }

    static boolean exhausted(long[] remaining) {
        return PoolLimits.exhausted(remaining);
    }

    /** How much of the topology a placement re-checks. */
    enum Check {
        /** Everything, as for a new placement. */
        FULL,
        /** A move between claims pinned to the same zone and capacity type: zone and capacity-type counts do not change. */
        SAME_DOMAINS,
        /** Putting a pod back where it was, undoing a tried move: the state returns to one already checked. */
        RESTORE
    }

    /** Adds the pod to a claim if it may go there; returns null, or why not. */
    String tryClaim(ClaimTarget claim, PodModel pod, Variant variant) {
        return tryClaim(claim, pod, variant, Check.FULL);
    }

    /** As {@link #tryClaim(ClaimTarget, PodModel, Variant)}, re-checking the topology as {@code check} says. */
    String tryClaim(ClaimTarget claim, PodModel pod, Variant variant, Check check) {
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
        if (check != Check.RESTORE) {
            String topology = this.topology.check(claim, variant, zones, cts, check == Check.SAME_DOMAINS);
            if (topology != null) {
                return topology;
            }
            zones = this.topology.outZones;
            cts = this.topology.outCapacityTypes;
        }
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
            limits.charge(claim);
        }
        return null;
    }

    /** Takes a pod off a claim, undoing its counts; the claim's candidates widen again (within what it holds). */
    void remove(ClaimTarget claim, PodModel pod) {
        Variant variant = pod.variant;
        topology.unrecord(claim, pod);
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
        limits.release(claim);
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
        topology.record(target, pod, variant, zones, cts);
    }
}
