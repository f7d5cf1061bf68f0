package dev.spotter.scheduling;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.HostPort;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;
import dev.spotter.cluster.TopologySpreadConstraint;
import dev.spotter.cluster.WeightedTerm;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;
import dev.spotter.model.Toleration;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * targets. A Problem is used by one scheduling run (its topology counts and targets are that run's state).
 */
final class Problem {
    /** Taints that only say a node is still starting; Karpenter ignores them when counting in-flight capacity. */
    private static final Set<String> EPHEMERAL_TAINTS = Set.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable",
            "node.cloudprovider.kubernetes.io/uninitialized", WellKnownLabels.UNREGISTERED_TAINT_KEY);

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
    private final Map<TopologyGroup.Identity, TopologyGroup> groupsByIdentity = new LinkedHashMap<>();

    private Problem(SchedulingInput input, ResourceIndex resources, Zones zones) {
        this.input = input;
        this.resources = resources;
        this.zones = zones;
    }

    static Problem compile(SchedulingInput input) {
        Map<String, Pod> pending = pendingPods(input);
        Problem problem = new Problem(input, new ResourceIndex(resourceNames(input, pending.values())), new Zones(zoneNames(input)));
        problem.compilePools();
        problem.compileClasses(pending.values());
        problem.compileGroups();
        problem.compileNodeTargets();
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

    // ---------------------------------------------------------------- NodePools and instance types

    private void compilePools() {
        List<NodePool> ordered = new ArrayList<>(input.nodePools());
        // Karpenter's OrderByWeight: heavier first, then by name
        ordered.sort(Comparator.comparingInt(NodePool::weight).reversed().thenComparing(NodePool::name));
        Set<String> nodeClassNames = new HashSet<>();
        input.nodeClasses().stream().map(NodeClass::name).forEach(nodeClassNames::add);
        for (NodePool nodePool : ordered) {
            pools.add(compilePool(pools.size(), nodePool, nodeClassNames));
        }
    }

    private PoolModel compilePool(int index, NodePool nodePool, Set<String> nodeClassNames) {
        Requirements requirements = launchRequirements(nodePool);
        long zoneMask = zoneMask(requirements);
        int capacityTypes = capacityTypeMask(requirements);
        long[] limits = new long[resources.size()];
        java.util.Arrays.fill(limits, Long.MAX_VALUE);
        long nodeLimit = Long.MAX_VALUE;
        if (nodePool.limits() != null) {
            for (Map.Entry<String, Long> limit : nodePool.limits().asMap().entrySet()) {
                if (limit.getKey().equals(NodePool.NODES_LIMIT)) {
                    nodeLimit = limit.getValue();
                } else {
                    limits[resources.indexOf(limit.getKey())] = limit.getValue();
                }
            }
        }
        List<Requirement> minValues = nodePool.requirements().all().stream().filter(r -> r.minValues() > 0).toList();
        String unusable = null;
        List<InstanceType> instanceTypes = input.instanceTypes().get(nodePool.nodeClassName());
        if (!nodeClassNames.contains(nodePool.nodeClassName())) {
            unusable = "its NodeClass \"" + nodePool.nodeClassName() + "\" was not found";
        } else if (instanceTypes == null || instanceTypes.isEmpty()) {
            unusable = "its NodeClass \"" + nodePool.nodeClassName() + "\" resolved no instance types";
        }
        List<TypeModel> types = new ArrayList<>();
        if (unusable == null) {
            for (InstanceType type : instanceTypes) {
                TypeModel model = compileType(type, nodePool, requirements, zoneMask, capacityTypes);
                if (model != null) {
                    types.add(model);
                }
            }
            if (types.isEmpty()) {
                unusable = "no instance type of NodeClass \"" + nodePool.nodeClassName() + "\" meets its requirements with an available offering";
            }
        }
        types.sort(Comparator.comparingDouble((TypeModel t) -> t.price(zoneMask, capacityTypes)).thenComparing(t -> t.name));
        TypeModel[] indexed = new TypeModel[types.size()];
        for (int i = 0; i < indexed.length; i++) {
            TypeModel t = types.get(i);
            indexed[i] = new TypeModel(i, t.type, t.allocatable, t.daemonOverhead, t.capacity, t.prices, t.zones, t.special,
                    t.singleLabels, t.otherLabels);
        }
        int[][] minValueIds = new int[minValues.size()][indexed.length];
        for (int k = 0; k < minValues.size(); k++) {
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < indexed.length; i++) {
                String value = indexed[i].singleLabels.get(minValues.get(k).key());
                minValueIds[k][i] = value == null ? -1 : ids.computeIfAbsent(value, v -> ids.size());
            }
        }
        return new PoolModel(index, nodePool, requirements, indexed, zoneMask, capacityTypes, limits, nodeLimit, minValues,
                minValueIds, unusable);
    }

    /**
     * The requirements every claim of the NodePool starts from: its requirements, its labels, its name and NodeClass,
     * and on-demand when it does not mention capacity types (Karpenter's default for a NodePool that does not opt in
     * to spot).
     */
    static Requirements launchRequirements(NodePool nodePool) {
        Requirements requirements = nodePool.requirements()
                .and(Requirements.fromLabels(nodePool.labels()))
                .and(Requirement.in(WellKnownLabels.NODEPOOL, nodePool.name()))
                .and(Requirement.in(WellKnownLabels.EC2NODECLASS, nodePool.nodeClassName()));
        if (!nodePool.requirements().has(WellKnownLabels.CAPACITY_TYPE) && !nodePool.labels().containsKey(WellKnownLabels.CAPACITY_TYPE)) {
            requirements = requirements.and(Requirement.in(WellKnownLabels.CAPACITY_TYPE, WellKnownLabels.ON_DEMAND));
        }
        return requirements;
    }

    private TypeModel compileType(InstanceType type, NodePool nodePool, Requirements poolRequirements, long zoneMask, int capacityTypes) {
        for (Requirement requirement : poolRequirements.all()) {
            if (!isOfferingKey(requirement.key()) && !typeIntersects(type, requirement)) {
                return null;
            }
        }
        double[][] prices = new double[2][zones.size()];
        java.util.Arrays.fill(prices[0], Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(prices[1], Double.POSITIVE_INFINITY);
        long[] offered = new long[2];
        for (Offering offering : type.offerings()) {
            int zone = zones.indexOf(offering.zone());
            int ct = offering.capacityType().ordinal();
            if (!offering.available() || Double.isNaN(offering.pricePerHour()) || zone < 0 || (zoneMask & (1L << zone)) == 0
                    || (capacityTypes & (1 << ct)) == 0
                    || input.unavailableOfferings().contains(new OfferingKey(offering.capacityType(), type.name(), offering.zone()))) {
                continue;
            }
            prices[ct][zone] = Math.min(prices[ct][zone], offering.pricePerHour());
            offered[ct] |= 1L << zone;
        }
        if (offered[0] == 0 && offered[1] == 0) {
            return null;
        }
        long[] overhead = new long[resources.size()];
        for (DaemonSet daemonSet : input.daemonSets()) {
            if (daemonSetLandsOn(daemonSet.template(), nodePool, poolRequirements, type)) {
                ResourceIndex.add(overhead, resources.requests(daemonSet.template().requests()));
            }
        }
        long[] allocatable = resources.allocatable(type.allocatable());
        ResourceIndex.subtract(allocatable, overhead);
        for (long amount : allocatable) {
            if (amount < 0) {
                return null;
            }
        }
        Map<String, String> single = new HashMap<>();
        Map<String, Requirement> other = new HashMap<>();
        for (Requirement requirement : type.requirements().all()) {
            if (!requirement.isComplement() && requirement.values().size() == 1) {
                single.put(requirement.key(), requirement.values().iterator().next());
            } else {
                other.put(requirement.key(), requirement);
            }
        }
        boolean special = type.spec().hasGpu() || type.spec().hasAccelerator() || type.spec().bareMetal();
        return new TypeModel(-1, type, allocatable, overhead, resources.vector(type.capacity()), prices, offered, special, single, other);
    }

    private static boolean isOfferingKey(String key) {
        return key.equals(WellKnownLabels.ZONE) || key.equals(WellKnownLabels.CAPACITY_TYPE);
    }

    private static boolean typeIntersects(InstanceType type, Requirement requirement) {
        Optional<Requirement> own = type.requirements().get(requirement.key());
        if (own.isEmpty()) {
            return true;
        }
        return !own.get().intersect(requirement).isEmptySet() || (own.get().allowsAbsent() && requirement.allowsAbsent());
    }

    /** Karpenter's getDaemonOverhead: the DaemonSet tolerates the NodePool's taints and its affinity admits the node. */
    private boolean daemonSetLandsOn(Pod template, NodePool nodePool, Requirements poolRequirements, InstanceType type) {
        if (Toleration.firstUntolerated(nodePool.taints(), template.tolerations()) != null) {
            return false;
        }
        for (Requirements terms : strictTerms(template)) {
            if (poolRequirements.incompatibilityWith(terms, WellKnownLabels.WELL_KNOWN).isEmpty()
                    && terms.all().stream().allMatch(r -> isOfferingKey(r.key()) || typeIntersects(type, r))) {
                return true;
            }
        }
        return false;
    }

    /** The node selector ANDed with each required term (or alone when there is none). */
    static List<Requirements> strictTerms(Pod pod) {
        Requirements selector = Requirements.fromLabels(pod.nodeSelector());
        if (pod.requiredNodeAffinity().isEmpty()) {
            return List.of(selector);
        }
        List<Requirements> terms = new ArrayList<>();
        for (Requirements term : pod.requiredNodeAffinity()) {
            terms.add(selector.and(term));
        }
        return terms;
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

    // ---------------------------------------------------------------- pod classes

    private void compileClasses(Iterable<Pod> pending) {
        Set<String> selectorKeys = selectorKeys(pending);
        boolean anyPreferNoSchedule = pools.stream().anyMatch(p -> p.hasPreferNoScheduleTaint);
        Map<ClassKey, PodClass> byKey = new LinkedHashMap<>();
        for (Pod pod : pending) {
            Map<String, String> relevant = new TreeMap<>();
            pod.labels().forEach((k, v) -> {
                if (selectorKeys.contains(k)) {
                    relevant.put(k, v);
                }
            });
            ClassKey key = new ClassKey(pod.namespace(), relevant, pod.requests(), pod.nodeSelector(), pod.requiredNodeAffinity(),
                    pod.preferredNodeAffinity(), pod.tolerations(), pod.topologySpread(), pod.podAffinity(), pod.podAntiAffinity(),
                    pod.hostPorts());
            PodClass podClass = byKey.computeIfAbsent(key,
                    k -> new PodClass(byKey.size(), pod, resources.requests(pod.requests()), anyPreferNoSchedule));
            PodModel model = new PodModel(pods.size(), pod, podClass);
            pods.add(model);
            podClass.pods.add(model);
        }
        classes.addAll(byKey.values());
    }

    private record ClassKey(String namespace, Map<String, String> labels, Resources requests, Map<String, String> nodeSelector,
                            List<Requirements> required, List<WeightedTerm> preferred, List<Toleration> tolerations,
                            List<TopologySpreadConstraint> spread, List<PodAffinityTerm> affinity, List<PodAffinityTerm> antiAffinity,
                            List<HostPort> hostPorts) {
    }

    private Set<String> selectorKeys(Iterable<Pod> pending) {
        Set<String> keys = new HashSet<>();
        for (Pod pod : pending) {
            pod.topologySpread().forEach(c -> keys.addAll(c.selector().keys()));
            pod.podAffinity().forEach(t -> keys.addAll(t.selector().keys()));
            pod.podAntiAffinity().forEach(t -> keys.addAll(t.selector().keys()));
        }
        for (ExistingNode node : input.nodes()) {
            node.pods().forEach(p -> p.podAntiAffinity().forEach(t -> keys.addAll(t.selector().keys())));
        }
        for (InFlightClaim claim : input.inFlightClaims()) {
            claim.pods().forEach(p -> p.podAntiAffinity().forEach(t -> keys.addAll(t.selector().keys())));
        }
        return keys;
    }

    // ---------------------------------------------------------------- topology groups

    private void compileGroups() {
        for (PodClass podClass : classes) {
            Pod pod = podClass.template;
            for (TopologySpreadConstraint constraint : pod.topologySpread()) {
                group(spreadIdentity(pod, constraint));
            }
            pod.podAffinity().forEach(term -> group(termIdentity(TopologyGroup.Kind.AFFINITY, pod, term)));
            pod.podAntiAffinity().forEach(term -> group(termIdentity(TopologyGroup.Kind.ANTI_AFFINITY, pod, term)));
        }
        for (ExistingNode node : input.nodes()) {
            node.pods().forEach(p -> p.podAntiAffinity().forEach(term -> group(termIdentity(TopologyGroup.Kind.ANTI_AFFINITY, p, term))));
        }
        for (InFlightClaim claim : input.inFlightClaims()) {
            claim.pods().forEach(p -> p.podAntiAffinity().forEach(term -> group(termIdentity(TopologyGroup.Kind.ANTI_AFFINITY, p, term))));
        }
        for (PodClass podClass : classes) {
            List<Integer> selected = new ArrayList<>();
            List<Integer> anti = new ArrayList<>();
            for (TopologyGroup group : groups) {
                if (group.selects(podClass.template)) {
                    selected.add(group.id);
                    if (group.kind == TopologyGroup.Kind.ANTI_AFFINITY) {
                        anti.add(group.id);
                    }
                }
            }
            podClass.selectedByGroups = selected.stream().mapToInt(Integer::intValue).toArray();
            podClass.selectedByAntiGroups = anti.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    static TopologyGroup.Identity spreadIdentity(Pod pod, TopologySpreadConstraint constraint) {
        TopologyGroup.NodeFilter filter = pod.nodeSelector().isEmpty() && pod.requiredNodeAffinity().isEmpty()
                ? TopologyGroup.NodeFilter.ALL
                : new TopologyGroup.NodeFilter(pod.nodeSelector(), pod.requiredNodeAffinity());
        return new TopologyGroup.Identity(TopologyGroup.Kind.SPREAD, constraint.topologyKey(), constraint.selector(),
                Set.of(pod.namespace()), constraint.maxSkew(), constraint.minDomains(), filter);
    }

    static TopologyGroup.Identity termIdentity(TopologyGroup.Kind kind, Pod pod, PodAffinityTerm term) {
        Set<String> namespaces = term.namespaces().isEmpty() ? Set.of(pod.namespace()) : term.namespaces();
        return new TopologyGroup.Identity(kind, term.topologyKey(), term.selector(), namespaces, 0, 0, TopologyGroup.NodeFilter.ALL);
    }

    TopologyGroup group(TopologyGroup.Identity identity) {
        TopologyGroup existing = groupsByIdentity.get(identity);
        if (existing != null) {
            return existing;
        }
        TopologyGroup.KeyKind keyKind = switch (identity.key()) {
            case WellKnownLabels.ZONE -> TopologyGroup.KeyKind.ZONE;
            case WellKnownLabels.CAPACITY_TYPE -> TopologyGroup.KeyKind.CAPACITY_TYPE;
            case WellKnownLabels.HOSTNAME -> TopologyGroup.KeyKind.HOSTNAME;
            default -> TopologyGroup.KeyKind.UNSUPPORTED;
        };
        int domains = switch (keyKind) {
            case ZONE -> zones.size();
            case CAPACITY_TYPE -> 2;
            default -> 0;
        };
        int hostIndex = keyKind == TopologyGroup.KeyKind.HOSTNAME ? hostGroupCount++ : -1;
        TopologyGroup group = new TopologyGroup(groups.size(), identity, keyKind, hostIndex, domains);
        groups.add(group);
        groupsByIdentity.put(identity, group);
        return group;
    }

    // ---------------------------------------------------------------- variants (a class at a relaxation level)

    Variant variant(PodClass podClass, int level) {
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
            owned.add(group(spreadIdentity(pod, constraint)).id);
        }
        pod.podAffinity().forEach(t -> owned.add(group(termIdentity(TopologyGroup.Kind.AFFINITY, pod, t)).id));
        pod.podAntiAffinity().forEach(t -> owned.add(group(termIdentity(TopologyGroup.Kind.ANTI_AFFINITY, pod, t)).id));
        for (int id : owned) {
            if (groups.get(id).keyKind == TopologyGroup.KeyKind.UNSUPPORTED) {
                unsupported = groups.get(id).describe() + ": only " + WellKnownLabels.ZONE + ", " + WellKnownLabels.HOSTNAME + " and "
                        + WellKnownLabels.CAPACITY_TYPE + " are supported as topology keys";
            }
        }
        Variant variant = new Variant(variants.size(), podClass, level, requirements, zoneMask(requirements),
                capacityTypeMask(requirements), podClass.toleratesPreferNoScheduleAt(level),
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
        List<Requirement> typeRequirements = combined.all().stream().filter(r -> !isOfferingKey(r.key())).toList();
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
    String minValuesShortfall(PoolModel pool, long[] candidates) {
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

    // ---------------------------------------------------------------- existing capacity

    private void compileNodeTargets() {
        List<ExistingNode> nodes = new ArrayList<>(input.nodes());
        nodes.sort(Comparator.comparing(ExistingNode::name));
        Map<String, Integer> poolIndex = new HashMap<>();
        pools.forEach(p -> poolIndex.put(p.name, p.index));
        Map<String, NodePool> poolsByName = new HashMap<>();
        input.nodePools().forEach(p -> poolsByName.put(p.name(), p));
        for (ExistingNode node : nodes) {
            if (node.node().unschedulable()) {
                continue;
            }
            Map<String, String> labels = node.node().labels();
            NodePool owner = poolsByName.get(labels.get(WellKnownLabels.NODEPOOL));
            List<Taint> taints = new ArrayList<>();
            for (Taint taint : node.node().taints()) {
                boolean startup = owner != null && !node.node().ready() && owner.startupTaints().stream().anyMatch(t -> t.key().equals(taint.key()));
                if (!EPHEMERAL_TAINTS.contains(taint.key()) && !startup) {
                    taints.add(taint);
                }
            }
            NodeTarget target = nodeTarget(node.name(), false, labels, taints, node.node().allocatable(), node.pods());
            register(target, labels, poolIndex, node.node().capacity(), node.pods());
        }
        List<InFlightClaim> claims = new ArrayList<>(input.inFlightClaims());
        claims.sort(Comparator.comparing(InFlightClaim::name));
        for (InFlightClaim claim : claims) {
            existingClaimNames.add(claim.name());
            NodeTarget target = nodeTarget(claim.name(), true, claim.labels(), claim.taints(), claim.allocatable(), claim.pods());
            Map<String, String> labels = new TreeMap<>(claim.labels());
            labels.putIfAbsent(WellKnownLabels.NODEPOOL, claim.nodePool());
            register(target, labels, poolIndex, claim.capacity(), claim.pods());
        }
    }

    private NodeTarget nodeTarget(String name, boolean inFlight, Map<String, String> labels, List<Taint> taints, Resources allocatable,
                                  List<Pod> bound) {
        String zone = labels.get(WellKnownLabels.ZONE);
        long zoneMask = zone == null || zones.indexOf(zone) < 0 ? 0 : 1L << zones.indexOf(zone);
        String ct = labels.get(WellKnownLabels.CAPACITY_TYPE);
        int ctMask = WellKnownLabels.SPOT.equals(ct) ? 1 << Zones.SPOT : WellKnownLabels.ON_DEMAND.equals(ct) ? 1 << Zones.ON_DEMAND : 0;
        NodeTarget target = new NodeTarget(nodeTargets.size(), name, inFlight, labels, taints, resources.allocatable(allocatable),
                zoneMask, ctMask);
        Set<String> presentDaemonSets = new HashSet<>();
        for (Pod pod : bound) {
            ResourceIndex.add(target.used, resources.requests(pod.requests()));
            if (pod.isDaemonSetPod()) {
                presentDaemonSets.add(pod.namespace() + "/" + pod.ownerName());
            }
        }
        // DaemonSet pods not on the node yet will be: count them as used (Karpenter's remaining daemon resources)
        for (DaemonSet daemonSet : input.daemonSets()) {
            if (presentDaemonSets.contains(daemonSet.namespace() + "/" + daemonSet.name())) {
                continue;
            }
            Pod template = daemonSet.template();
            if (Toleration.firstUntolerated(taints, template.tolerations()) != null) {
                continue;
            }
            boolean admitted = strictTerms(template).stream()
                    .anyMatch(terms -> target.labelRequirements.incompatibilityWith(terms, Set.of()).isEmpty());
            if (admitted) {
                ResourceIndex.add(target.used, resources.requests(template.requests()));
            }
        }
        return target;
    }

    private void register(NodeTarget target, Map<String, String> labels, Map<String, Integer> poolIndex, Resources capacity, List<Pod> bound) {
        nodeTargets.add(target);
        nodeTargetPool.put(target, poolIndex.getOrDefault(labels.get(WellKnownLabels.NODEPOOL), -1));
        nodeTargetCapacity.put(target, resources.vector(capacity));
        boundPods.put(target, bound);
    }
}
