package dev.spotter.bench;

import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.InstanceTypeResolver;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodeOverlay;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.scheduling.CostOptimizing;
import dev.spotter.scheduling.FirstFitDecreasing;
import dev.spotter.scheduling.Plan;
import dev.spotter.scheduling.SchedulingInput;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans every pod of an Alibaba GPU trace onto one NodePool that allows spot and on-demand, amd64 and arm64 and every
 * instance category of the shipped us-east-1 catalog, with the cost-optimizing strategy; compares it with
 * first-fit decreasing on the same input and with the LP lower bound.
 */
final class TraceBenchmark {
    private TraceBenchmark() {
    }

    static SchedulingInput input(List<Pod> pods, Catalog catalog) {
        return input(pods, catalog, List.of(), 0);
    }

    static SchedulingInput input(List<Pod> pods, Catalog catalog, int replicas) {
        return input(pods, catalog, List.of(), replicas);
    }

    /**
     * With time-slicing ({@code replicas} &gt; 0), each NVIDIA type also offers GPUs x replicas of
     * {@value AlibabaTrace#SHARED_GPU}, through one NodeOverlay per GPU count (an overlay's capacity is one amount, so
     * users write one per count too).
     */
    static SchedulingInput input(List<Pod> pods, Catalog catalog, List<DaemonSet> daemonSets, int replicas) {
        NodeClass nodeClass = BenchFixtures.nodeClass();
        List<InstanceType> types = InstanceTypeResolver.estimated(catalog).toBuilder().overlays(timeSlicing(catalog, replicas)).build()
                .resolve(catalog, nodeClass, Set.of());
        Requirements requirements = Requirements.of(
                Requirement.of(WellKnownLabels.CAPACITY_TYPE, Operator.IN, List.of("spot", "on-demand")),
                Requirement.of(WellKnownLabels.ARCH, Operator.IN, List.of("amd64", "arm64")),
                Requirement.of(WellKnownLabels.OS, Operator.IN, List.of("linux")));
        return SchedulingInput.builder()
                .pendingPods(pods)
                .daemonSets(daemonSets)
                .nodePools(List.of(BenchFixtures.nodePool("default", requirements)))
                .nodeClasses(List.of(nodeClass))
                .instanceTypes(Map.of(nodeClass.name(), types))
                .build();
    }

    static List<NodeOverlay> timeSlicing(Catalog catalog, int replicas) {
        if (replicas <= 0) {
            return List.of();
        }
        java.util.TreeSet<Integer> counts = new java.util.TreeSet<>();
        catalog.specs().stream().filter(spec -> spec.hasGpu() && spec.gpuManufacturer().equals("NVIDIA"))
                .forEach(spec -> counts.add(spec.gpuCount()));
        List<NodeOverlay> overlays = new java.util.ArrayList<>();
        for (int count : counts) {
            overlays.add(new NodeOverlay("time-slicing-" + count, 0, Requirements.of(
                    Requirement.in(WellKnownLabels.INSTANCE_GPU_MANUFACTURER, "nvidia"),
                    Requirement.in(WellKnownLabels.INSTANCE_GPU_COUNT, Integer.toString(count))),
                    dev.spotter.model.Resources.builder().set(AlibabaTrace.SHARED_GPU, (long) count * replicas).build(), null, ""));
        }
        return overlays;
    }

    static BenchResult.Trace run(Path trace, int runs, BenchDaemonSets daemonSets, int replicas) {
        SchedulingInput input = input(AlibabaTrace.read(trace, replicas), CatalogCsv.loadDefault(), daemonSets.daemonSets(), replicas);
        Timing.Measured<Plan> cost = Timing.median(runs, () -> new CostOptimizing().plan(input));
        Timing.Measured<Plan> baseline = Timing.once(() -> new FirstFitDecreasing().plan(input));
        Timing.Measured<CostLowerBound.Result> bound = Timing.once(() -> BoundInput.lowerBound(input));
        Plan plan = cost.result();
        double lowerBound = bound.result().value();
        return new BenchResult.Trace(caseName(trace) + (replicas > 0 ? ":time-slicing=" + replicas : ""), "cost", input.pendingPods().size(), plan.unschedulable().size(),
                plan.nodeClaims().size(), plan.hourlyCost(), baseline.result().hourlyCost(), lowerBound,
                lowerBound > 0 ? plan.hourlyCost() / lowerBound : Double.NaN, cost.seconds(), cost.cpuSeconds(),
                cost.processCpuSeconds(),
                baseline.result().nodeClaims().size(), baseline.result().unschedulable().size(), baseline.seconds(),
                bound.result().podsCounted(), bound.result().groupBound(), bound.result().converged(), bound.seconds(),
                spotShare(plan), cost.runs(), daemonSets.name(),
                BenchResult.podsPerNode(input.pendingPods().size(), plan.unschedulable().size(), plan.nodeClaims().size()));
    }

    private static String caseName(Path trace) {
        String file = trace.getFileName().toString();
        return "trace:" + (file.endsWith(".csv") ? file.substring(0, file.length() - 4) : file);
    }

    private static double spotShare(Plan plan) {
        if (plan.nodeClaims().isEmpty()) {
            return 0;
        }
        long spot = plan.nodeClaims().stream().filter(c -> c.capacityType().label().equals("spot")).count();
        return (double) spot / plan.nodeClaims().size();
    }
}
