package dev.spotter.scheduling;

import dev.spotter.cluster.Pod;
import dev.spotter.cluster.TopologySpreadConstraint;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Taint;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compiles a pod class at a relaxation level into a {@link Variant}: its requirements and topology groups at that
 * level and, per NodePool, the instance types it may use (or why none), including Karpenter's minValues check.
 */
final class VariantCompiler {
    private final Problem problem;
    private final ResourceIndex resources;
    private final List<PoolModel> pools;
    private final List<TopologyGroup> groups;
    private final List<Variant> variants;

    VariantCompiler(Problem problem) {
        this.problem = problem;
        this.resources = problem.resources;
        this.pools = problem.pools;
        this.groups = problem.groups;
        this.variants = problem.variants;
    }

    Variant compile(PodClass podClass, int level) {
        Variant cached = podClass.variants[level];
        if (cached != null) {
            return cached;
        }
        Pod pod = podClass.template;
        Requirements requirements = Requirements.fromLabels(pod.nodeSelector());
        int term = podClass.requiredTermAt(level);
        if (term >= 0) {
            requirements = requirements.and(pod.requiredNodeAffinity().get(term));
        }
        int dropped = podClass.preferredDroppedAt(level);
        if (dropped < podClass.preferredByWeight.size()) {
            requirements = requirements.and(podClass.preferredByWeight.get(dropped).requirements());
        }
        List<Integer> owned = new ArrayList<>();
        int anywayDropped = podClass.scheduleAnywayDroppedAt(level);
        String unsupported = null;
        for (TopologySpreadConstraint constraint : pod.topologySpread()) {
            if (!constraint.doNotSchedule() && podClass.scheduleAnyway.indexOf(constraint) < anywayDropped) {
                continue;
            }
            owned.add(problem.group(GroupCompiler.spreadIdentity(pod, constraint)).id);
        }
        pod.podAffinity().forEach(t -> owned.add(problem.group(GroupCompiler.termIdentity(TopologyGroup.Kind.AFFINITY, pod, t)).id));
        pod.podAntiAffinity().forEach(t -> owned.add(problem.group(GroupCompiler.termIdentity(TopologyGroup.Kind.ANTI_AFFINITY, pod, t)).id));
        for (int id : owned) {
            if (groups.get(id).keyKind == TopologyGroup.KeyKind.UNSUPPORTED) {
                unsupported = groups.get(id).describe() + ": only " + WellKnownLabels.ZONE + ", " + WellKnownLabels.HOSTNAME + " and "
                        + WellKnownLabels.CAPACITY_TYPE + " are supported as topology keys";
            }
        }
        Variant variant = new Variant(variants.size(), podClass, level, requirements, problem.zoneMask(requirements),
                Problem.capacityTypeMask(requirements), podClass.toleratesPreferNoScheduleAt(level),
                owned.stream().mapToInt(Integer::intValue).toArray(), unsupported);
        variant.fits = new PoolFit[pools.size()];
        variant.poolReasons = new String[pools.size()];
        for (PoolModel pool : pools) {
            compileFit(variant, pool);
        }
        variants.add(variant);
        podClass.variants[level] = variant;
        return variant;
    }

    private void compileFit(Variant variant, PoolModel pool) {
        String reason = poolIncompatibility(variant, pool);
        if (reason != null) {
            variant.poolReasons[pool.index] = reason;
            return;
        }
        Requirements combined = pool.requirements.and(variant.requirements);
        long zoneMask = pool.zoneMask & variant.ownZoneMask;
        int capacityTypes = pool.capacityTypes & variant.ownCapacityTypes;
        if (zoneMask == 0 || capacityTypes == 0) {
            variant.poolReasons[pool.index] = "no zone and capacity type allowed by both the pod and the NodePool";
            return;
        }
        List<Requirement> typeRequirements = combined.all().stream().filter(r -> !PoolCompiler.isOfferingKey(r.key())).toList();
        long[] compatible = Bits.create(pool.types.length);
        boolean anyPlain = false;
        for (TypeModel type : pool.types) {
            if (type.offered(zoneMask, capacityTypes) && typeRequirements.stream().allMatch(type::intersects)) {
                Bits.set(compatible, type.index);
                anyPlain |= !type.special;
            }
        }
        if (Bits.isEmpty(compatible)) {
            variant.poolReasons[pool.index] = "no instance type meets the pod's requirements " + variant.requirements
                    + " with an available offering";
            return;
        }
        long[] fitting = Bits.create(pool.types.length);
        long[] zero = new long[resources.size()];
        boolean excludedSpecial = false;
        for (int i = Bits.next(compatible, 0); i >= 0; i = Bits.next(compatible, i + 1)) {
            TypeModel type = pool.types[i];
            // GPUs, accelerators and bare metal only for pods that ask for them or NodePools that select only them
            if (type.special && !variant.podClass.needsAccelerator && anyPlain) {
                excludedSpecial = true;
                continue;
            }
            if (ResourceIndex.fits(zero, variant.podClass.requests, type.allocatable)) {
                Bits.set(fitting, i);
            }
        }
        if (Bits.isEmpty(fitting)) {
            variant.poolReasons[pool.index] = "no instance type has room for requests " + resources.describe(variant.podClass.requests)
                    + " plus daemonset overhead" + (excludedSpecial ? " (GPU, accelerator and metal types are kept for pods that request them)" : "");
            return;
        }
        String minValues = minValuesShortfall(pool, fitting);
        if (minValues != null) {
            variant.poolReasons[pool.index] = minValues;
            return;
        }
        variant.fits[pool.index] = new PoolFit(pool, fitting, zoneMask, capacityTypes);
    }

    private String poolIncompatibility(Variant variant, PoolModel pool) {
        if (pool.unusableReason != null) {
            return pool.unusableReason;
        }
        for (Taint taint : pool.taints) {
            boolean prefer = taint.effect().equals(Taint.PREFER_NO_SCHEDULE);
            if (prefer && variant.toleratesPreferNoSchedule) {
                continue;
            }
            if (variant.podClass.template.tolerations().stream().noneMatch(t -> t.tolerates(taint))) {
                return "did not tolerate taint " + taint;
            }
        }
        Optional<String> conflict = pool.requirements.incompatibilityWith(variant.requirements, WellKnownLabels.WELL_KNOWN);
        if (conflict.isPresent()) {
            return conflict.get();
        }
        Optional<Requirement> hostname = variant.requirements.get(WellKnownLabels.HOSTNAME);
        if (hostname.isPresent() && !hostname.get().allowsAbsent()) {
            return "the pod requires a specific " + WellKnownLabels.HOSTNAME + ", which a new node cannot have";
        }
        return null;
    }

    /** Karpenter's minValues: the candidates must keep at least that many distinct values of the key. */
    static String minValuesShortfall(PoolModel pool, long[] candidates) {
        for (int k = 0; k < pool.minValues.size(); k++) {
            int needed = pool.minValues.get(k).minValues();
            if (distinctValues(pool, k, candidates, needed) < needed) {
                return "minValues requirement not met: " + pool.minValues.get(k).key() + " needs " + needed + " distinct values among the instance types that fit";
            }
        }
        return null;
    }

    static int distinctValues(PoolModel pool, int k, long[] candidates, int stopAt) {
        int[] ids = pool.minValueIds[k];
        BitSetCounter seen = new BitSetCounter();
        for (int i = Bits.next(candidates, 0); i >= 0; i = Bits.next(candidates, i + 1)) {
            if (ids[i] >= 0 && seen.add(ids[i]) >= stopAt) {
                break;
            }
        }
        return seen.count;
    }

    private static final class BitSetCounter {
        private final java.util.BitSet bits = new java.util.BitSet();
        private int count;

        int add(int id) {
            if (!bits.get(id)) {
                bits.set(id);
                count++;
            }
            return count;
        }
    }
}
