package dev.spotter.bench;

import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Toleration;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.scheduling.SchedulingInput;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@link SchedulingInput} into the lower bound's shapes and demands. Every check here is at most as strict
 * as the engine's (it ignores DaemonSet overhead, topology and pod affinity, and prices a shape at its cheapest offering
 * in any zone and capacity type the NodePool allows), so a pod is never denied a shape a plan could give it: that keeps
 * the bound valid, at the price of being looser where those constraints bite.
 */
public final class BoundInput {
    private final List<CostLowerBound.NodeShape> shapes = new ArrayList<>();
    private final List<NodePool> shapePools = new ArrayList<>();
    private final List<Requirements> shapeRequirements = new ArrayList<>();
    private final java.util.Map<PodShapeKey, BitSet> usableByKey = new java.util.HashMap<>();

    /** What decides which shapes a pod may use; pods of a trace or a Deployment share few of these. */
    private record PodShapeKey(Resources requests, java.util.Map<String, String> nodeSelector, List<Requirements> affinity,
                               List<Toleration> tolerations) {
        static PodShapeKey of(Pod pod) {
            return new PodShapeKey(pod.requests(), pod.nodeSelector(), pod.requiredNodeAffinity(), pod.tolerations());
        }
    }

    private BoundInput() {
    }

    /** The bound for placing the pending pods of {@code input} whose keys are in {@code podKeys}. */
    public static CostLowerBound.Result lowerBound(SchedulingInput input, Collection<String> podKeys) {
        return lowerBound(input, podKeys, CostLowerBound.Budget.DEFAULT);
    }

    public static CostLowerBound.Result lowerBound(SchedulingInput input, Collection<String> podKeys, CostLowerBound.Budget budget) {
        BoundInput bound = new BoundInput();
        bound.addShapes(input);
        java.util.Set<String> wanted = new java.util.HashSet<>(podKeys);
        List<CostLowerBound.Demand> demands = new ArrayList<>();
        for (Pod pod : input.pendingPods()) {
            if (wanted.contains(pod.key())) {
                demands.add(new CostLowerBound.Demand(pod.key(), pod.requests(), bound.usable(pod)));
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
            for (InstanceType type : types) {
                if (!poolRequirements.intersects(type.requirements())) {
                    continue;
                }
                cheapestOffering(type, poolRequirements, input).ifPresent(price -> {
                    shapes.add(new CostLowerBound.NodeShape(pool.name() + "/" + type.name(), type.allocatable(), price));
                    shapePools.add(pool);
                    shapeRequirements.add(poolRequirements.and(type.requirements()));
                });
            }
        }
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

    private BitSet usable(Pod pod) {
        return usableByKey.computeIfAbsent(PodShapeKey.of(pod), key -> computeUsable(pod));
    }

    private BitSet computeUsable(Pod pod) {
        Resources needed = pod.requests().plus(Resources.builder().pods(1).build());
        List<Requirements> terms = podTerms(pod);
        BitSet usable = new BitSet();
        for (int s = 0; s < shapes.size(); s++) {
            if (needed.fitsIn(shapes.get(s).allocatable())
                    && Toleration.firstUntolerated(shapePools.get(s).taints(), pod.tolerations()) == null
                    && compatible(shapeRequirements.get(s), terms)) {
                usable.set(s);
            }
        }
        return usable;
    }

    /** The pod's node selector ANDed with each required node-affinity term (the terms are ORed). */
    private static List<Requirements> podTerms(Pod pod) {
        Requirements selector = Requirements.fromLabels(pod.nodeSelector());
        if (pod.requiredNodeAffinity().isEmpty()) {
            return List.of(selector);
        }
        return pod.requiredNodeAffinity().stream().map(selector::and).toList();
    }

    private static boolean compatible(Requirements node, List<Requirements> terms) {
        for (Requirements term : terms) {
            if (node.incompatibilityWith(term, WellKnownLabels.WELL_KNOWN).isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
