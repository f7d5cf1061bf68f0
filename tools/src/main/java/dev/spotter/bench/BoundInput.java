package dev.spotter.bench;

import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.NodeCosts;
import dev.spotter.catalog.Offering;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Toleration;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.scheduling.SchedulingInput;
import dev.spotter.scheduling.UsableTypes;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a {@link SchedulingInput} into the lower bound's shapes and demands. A shape is an instance type as one NodePool
 * launches it, priced at its cheapest available offering in any zone and capacity type the NodePool allows plus
 * what every node of the NodePool pays besides its instance ({@link NodeCosts}: volumes, public IPv4). A pod may
 * use exactly the shapes the engine itself would give it on a new node ({@link UsableTypes}: the scheduler's own
 * per-pod checks, including the rule that a pod asking for no GPU or accelerator never gets a GPU, accelerator or
 * bare-metal type unless its NodePool and requirements admit nothing else), united over all its relaxation levels. So
 * a pod is never denied a shape a plan could give it, which keeps the bound valid. A shape's room is the type's
 * allocatable less the DaemonSets that certainly run on every node of the NodePool (no node selector or required node
 * affinity, and tolerating the NodePool's taints), which the engine subtracts too; what the bound still ignores (other
 * DaemonSets, topology, pod affinity, limits, the on-demand default of a NodePool that names no capacity type) only
 * makes it looser. Existing nodes and in-flight claims are not shapes: the bound covers pods that
 * need new nodes, so pass only those.
 */
public final class BoundInput {
    private final List<CostLowerBound.NodeShape> shapes = new ArrayList<>();
    private final Map<UsableTypes.PoolType, Integer> shapeIndex = new HashMap<>();
    /** By the engine's set (pods of one class share one instance), the shapes it maps to. */
    private final Map<Set<UsableTypes.PoolType>, BitSet> usableBySet = new IdentityHashMap<>();

    private BoundInput() {
    }

    /** The bound for placing the pending pods of {@code input} whose keys are in {@code podKeys}. */
    public static CostLowerBound.Result lowerBound(SchedulingInput input, Collection<String> podKeys) {
        return lowerBound(input, podKeys, CostLowerBound.Budget.DEFAULT);
    }

    public static CostLowerBound.Result lowerBound(SchedulingInput input, Collection<String> podKeys, CostLowerBound.Budget budget) {
        BoundInput bound = new BoundInput();
        bound.addShapes(input);
        Map<String, Set<UsableTypes.PoolType>> engineUsable = UsableTypes.byPod(input);
        Set<String> wanted = new HashSet<>(podKeys);
        List<CostLowerBound.Demand> demands = new ArrayList<>();
        for (Pod pod : input.pendingPods()) {
            if (wanted.contains(pod.key())) {
                BitSet usable = bound.usable(engineUsable.getOrDefault(pod.key(), Set.of()));
                demands.add(new CostLowerBound.Demand(pod.key(), pod.requests(), usable));
            }
        }
        return CostLowerBound.compute(bound.shapes, demands, budget);
    }

    /** The bound for placing every pending pod of {@code input}. */
    public static CostLowerBound.Result lowerBound(SchedulingInput input) {
        return lowerBound(input, input.pendingPods().stream().map(Pod::key).toList());
    }

    private void addShapes(SchedulingInput input) {
        for (NodePool pool : input.nodePools()) {
            List<InstanceType> types = input.instanceTypes().getOrDefault(pool.nodeClassName(), List.of());
            Requirements poolRequirements = pool.requirements().and(Requirements.fromLabels(pool.labels()))
                    .and(Requirement.in(WellKnownLabels.NODEPOOL, pool.name()));
            Resources overhead = everyNodeDaemonSets(input.daemonSets(), pool);
            double extras = input.nodeClasses().stream().filter(c -> c.name().equals(pool.nodeClassName())).findFirst()
                    .map(c -> NodeCosts.loadDefault().of(c).perHour()).orElse(0.0);
            for (InstanceType type : types) {
                if (!poolRequirements.intersects(type.requirements())) {
                    continue;
                }
                cheapestOffering(type, poolRequirements, input).ifPresent(price -> {
                    shapeIndex.put(new UsableTypes.PoolType(pool.name(), type.name()), shapes.size());
                    shapes.add(new CostLowerBound.NodeShape(pool.name() + "/" + type.name(), room(type.allocatable(), overhead),
                            price + extras));
                });
            }
        }
    }

    /** The requests (and pod slots) of the DaemonSets that run on every node of the NodePool whatever its type. */
    static Resources everyNodeDaemonSets(List<DaemonSet> daemonSets, NodePool pool) {
        Resources overhead = Resources.NONE;
        long pods = 0;
        for (DaemonSet daemonSet : daemonSets) {
            Pod template = daemonSet.template();
            if (template.nodeSelector().isEmpty() && template.requiredNodeAffinity().isEmpty()
                    && Toleration.firstUntolerated(pool.taints(), template.tolerations()) == null) {
                overhead = overhead.plus(template.requests());
                pods++;
            }
        }
        return pods == 0 ? overhead : overhead.plus(Resources.builder().pods(pods).build());
    }

    /** What is left of {@code allocatable} after {@code overhead}, never below zero. */
    private static Resources room(Resources allocatable, Resources overhead) {
        if (overhead.isEmpty()) {
            return allocatable;
        }
        Resources.Builder room = Resources.builder();
        for (String name : allocatable.names()) {
            room.set(name, Math.max(0, allocatable.get(name) - overhead.get(name)));
        }
        return room.build();
    }

    private static Optional<Double> cheapestOffering(InstanceType type, Requirements pool, SchedulingInput input) {
        double cheapest = Double.POSITIVE_INFINITY;
        for (Offering offering : type.offerings()) {
            if (!offering.available() || Double.isNaN(offering.pricePerHour())
                    || input.unavailableOfferings().contains(new OfferingKey(offering.capacityType(), type.name(), offering.zone()))
                    || !allows(pool, WellKnownLabels.ZONE, offering.zone())
                    || !allows(pool, WellKnownLabels.CAPACITY_TYPE, offering.capacityType().label())) {
                continue;
            }
            cheapest = Math.min(cheapest, offering.pricePerHour());
        }
        return cheapest == Double.POSITIVE_INFINITY ? Optional.empty() : Optional.of(cheapest);
    }

    private static boolean allows(Requirements requirements, String key, String value) {
        return requirements.get(key).map(r -> r.has(value)).orElse(true);
    }

    private BitSet usable(Set<UsableTypes.PoolType> engineUsable) {
        return usableBySet.computeIfAbsent(engineUsable, this::shapesOf);
    }

    private BitSet shapesOf(Set<UsableTypes.PoolType> engineUsable) {
        BitSet usable = new BitSet();
        for (UsableTypes.PoolType poolType : engineUsable) {
            Integer shape = shapeIndex.get(poolType);
            if (shape == null) {
                // a type the engine can launch but the bound has no shape for would make the bound unsound
                throw new IllegalStateException("the engine can launch " + poolType + " but the bound found no offering for it");
            }
            usable.set(shape);
        }
        return usable;
    }
}
