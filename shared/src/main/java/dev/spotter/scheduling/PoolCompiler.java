package dev.spotter.scheduling;

import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.NodeCosts;
import dev.spotter.catalog.Offering;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Toleration;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles the NodePools: each with its launch requirements, limits and minValues, and its instance types that meet
 * them with an available offering, as {@link TypeModel}s (allocatable net of DaemonSet overhead, prices by capacity
 * type and zone) ordered cheapest first.
 */
final class PoolCompiler {
    static final NodeCosts NODE_COSTS = NodeCosts.loadDefault();
    private final Problem problem;
    private final SchedulingInput input;
    private final ResourceIndex resources;
    private final Zones zones;
    private final List<PoolModel> pools;

    PoolCompiler(Problem problem) {
        this.problem = problem;
        this.input = problem.input;
        this.resources = problem.resources;
        this.zones = problem.zones;
        this.pools = problem.pools;
    }

    void compile() {
        List<NodePool> ordered = new ArrayList<>(input.nodePools());
        // Karpenter's OrderByWeight: heavier first, then by name
        ordered.sort(Comparator.comparingInt(NodePool::weight).reversed().thenComparing(NodePool::name));
        Map<String, NodeClass> nodeClasses = new HashMap<>();
        input.nodeClasses().forEach(c -> nodeClasses.put(c.name(), c));
        for (NodePool nodePool : ordered) {
            pools.add(compilePool(pools.size(), nodePool, nodeClasses));
        }
    }

    private PoolModel compilePool(int index, NodePool nodePool, Map<String, NodeClass> nodeClasses) {
        Requirements requirements = launchRequirements(nodePool);
        long zoneMask = problem.zoneMask(requirements);
        int capacityTypes = Problem.capacityTypeMask(requirements);
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
        NodeClass nodeClass = nodeClasses.get(nodePool.nodeClassName());
        if (nodeClass == null) {
            unusable = "its NodeClass \"" + nodePool.nodeClassName() + "\" was not found";
        } else if (instanceTypes == null || instanceTypes.isEmpty()) {
            unusable = "its NodeClass \"" + nodePool.nodeClassName() + "\" resolved no instance types";
        }
        List<TypeModel> types = new ArrayList<>();
        if (unusable == null) {
            // a node costs its volumes and public IPv4 address on top of its instance
            double extras = NODE_COSTS.of(nodeClass).perHour();
            for (InstanceType type : instanceTypes) {
                TypeModel model = compileType(type, nodePool, requirements, zoneMask, capacityTypes, extras);
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

    private TypeModel compileType(InstanceType type, NodePool nodePool, Requirements poolRequirements, long zoneMask, int capacityTypes,
                                  double extras) {
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
            // reserved offerings are not packed on: ReservedCapacity moves planned claims into them afterwards
            if (offering.capacityType() == dev.spotter.catalog.CapacityType.RESERVED) {
                continue;
            }
            if (!offering.available() || Double.isNaN(offering.pricePerHour()) || zone < 0 || (zoneMask & (1L << zone)) == 0
                    || (capacityTypes & (1 << ct)) == 0
                    || input.unavailableOfferings().contains(new OfferingKey(offering.capacityType(), type.name(), offering.zone()))) {
                continue;
            }
            prices[ct][zone] = Math.min(prices[ct][zone], offering.pricePerHour() + extras);
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

    static boolean isOfferingKey(String key) {
        return key.equals(WellKnownLabels.ZONE) || key.equals(WellKnownLabels.CAPACITY_TYPE);
    }

    static boolean typeIntersects(InstanceType type, Requirement requirement) {
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
}
