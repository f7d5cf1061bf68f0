package dev.spotter.scheduling;

import dev.spotter.catalog.CapacityType;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link SchedulingInput} compiled for fast placement: dense resource and zone indexes, NodePools with their
 * instance types cheapest first, pending pods grouped into classes, topology groups, and existing capacity as
 * targets. A Problem is used by one scheduling run (its topology counts and targets are that run's state). Each
 * compile stage has its own class: {@link PoolCompiler}, {@link ClassCompiler}, {@link GroupCompiler},
 * {@link NodeTargetCompiler}, and {@link VariantCompiler} on demand.
 */
final class Problem {
    final SchedulingInput input;
    final ResourceIndex resources;
    final Zones zones;
    final List<PoolModel> pools = new ArrayList<>();
    final List<PodClass> classes = new ArrayList<>();
    final List<PodModel> pods = new ArrayList<>();
    final List<TopologyGroup> groups = new ArrayList<>();
    final List<Variant> variants = new ArrayList<>();
    final List<NodeTarget> nodeTargets = new ArrayList<>();
    /** Node targets by the NodePool they count against (index), -1 when none. */
    final Map<NodeTarget, Integer> nodeTargetPool = new LinkedHashMap<>();
    final Map<NodeTarget, long[]> nodeTargetCapacity = new LinkedHashMap<>();
    /** Pods already on nodes or in-flight claims, by target, for topology counts. */
    final Map<NodeTarget, List<Pod>> boundPods = new LinkedHashMap<>();
    final Set<String> existingClaimNames = new TreeSet<>();
    int hostGroupCount;
    private final GroupCompiler groupCompiler;
    private final VariantCompiler variantCompiler;

    private Problem(SchedulingInput input, ResourceIndex resources, Zones zones) {
        this.input = input;
        this.resources = resources;
        this.zones = zones;
        this.groupCompiler = new GroupCompiler(this);
        this.variantCompiler = new VariantCompiler(this);
    }

    static Problem compile(SchedulingInput input) {
        Map<String, Pod> pending = pendingPods(input);
        Problem problem = new Problem(input, new ResourceIndex(resourceNames(input, pending.values())), new Zones(zoneNames(input)));
        new PoolCompiler(problem).compile();
        new ClassCompiler(problem).compile(pending.values());
        problem.groupCompiler.compile();
        new NodeTargetCompiler(problem).compile();
        return problem;
    }

    // ---------------------------------------------------------------- inputs

    private static Map<String, Pod> pendingPods(SchedulingInput input) {
        Set<String> alreadyPlaced = new HashSet<>();
        for (ExistingNode node : input.nodes()) {
            node.pods().forEach(p -> alreadyPlaced.add(p.key()));
        }
        for (InFlightClaim claim : input.inFlightClaims()) {
            claim.pods().forEach(p -> alreadyPlaced.add(p.key()));
        }
        TreeMap<String, Pod> pending = new TreeMap<>();
        for (Pod pod : input.pendingPods()) {
            // DaemonSet pods are placed by their node's creation, not provisioned for (Karpenter's IsProvisionable)
            if (!pod.isPending() || pod.isDaemonSetPod() || alreadyPlaced.contains(pod.key())) {
                continue;
            }
            pending.putIfAbsent(pod.key(), pod);
        }
        return pending;
    }

    private static Set<String> resourceNames(SchedulingInput input, Iterable<Pod> pending) {
        Set<String> names = new TreeSet<>();
        pending.forEach(p -> names.addAll(p.requests().names()));
        input.daemonSets().forEach(d -> names.addAll(d.template().requests().names()));
        for (NodePool pool : input.nodePools()) {
            if (pool.limits() != null) {
                pool.limits().names().stream().filter(n -> !n.equals(NodePool.NODES_LIMIT)).forEach(names::add);
            }
        }
        return names;
    }

    private static Set<String> zoneNames(SchedulingInput input) {
        Set<String> names = new TreeSet<>();
        input.instanceTypes().values().forEach(list -> list.forEach(t -> t.offerings().forEach(o -> names.add(o.zone()))));
        for (NodePool pool : input.nodePools()) {
            pool.requirements().get(WellKnownLabels.ZONE).filter(r -> !r.isComplement()).ifPresent(r -> names.addAll(r.values()));
        }
        input.nodes().forEach(n -> Optional.ofNullable(n.node().labels().get(WellKnownLabels.ZONE)).ifPresent(names::add));
        input.inFlightClaims().forEach(c -> Optional.ofNullable(c.labels().get(WellKnownLabels.ZONE)).ifPresent(names::add));
        return names;
    }

    long zoneMask(Requirements requirements) {
        Optional<Requirement> zone = requirements.get(WellKnownLabels.ZONE);
        if (zone.isEmpty()) {
            return zones.all();
        }
        long mask = 0;
        for (int i = 0; i < zones.size(); i++) {
            if (zone.get().has(zones.name(i))) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    static int capacityTypeMask(Requirements requirements) {
        Optional<Requirement> ct = requirements.get(WellKnownLabels.CAPACITY_TYPE);
        if (ct.isEmpty()) {
            return Zones.ALL_CAPACITY_TYPES;
        }
        int mask = 0;
        for (CapacityType type : CapacityType.values()) {
            if (ct.get().has(type.label())) {
                mask |= 1 << type.ordinal();
            }
        }
        return mask;
    }

    // ---------------------------------------------------------------- lookups the scheduling run makes

    /** The group of this identity, created (with its domains) the first time it is asked for. */
    TopologyGroup group(TopologyGroup.Identity identity) {
        return groupCompiler.group(identity);
    }

    /** The class at this relaxation level, compiled the first time it is asked for. */
    Variant variant(PodClass podClass, int level) {
        Variant cached = podClass.variants[level];
        return cached != null ? cached : variantCompiler.compile(podClass, level);
    }

    /** Karpenter's minValues: null when the candidates keep enough distinct values of each key, else why not. */
    String minValuesShortfall(PoolModel pool, long[] candidates) {
        return VariantCompiler.minValuesShortfall(pool, candidates);
    }

    static TopologyGroup.Identity termIdentity(TopologyGroup.Kind kind, Pod pod, PodAffinityTerm term) {
        return GroupCompiler.termIdentity(kind, pod, term);
    }
}
