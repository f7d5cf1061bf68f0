package dev.spotter.scheduling;

import dev.spotter.catalog.InstanceType;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Manual harness (not a test): prints plan time and cost for Karpenter's benchmark shape. */
public final class PerfHarness {
    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        String which = args.length > 1 ? args[1] : "both";
        List<InstanceType> types = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int cpu = i + 1;
            types.add(Fixtures.type("fake" + i + ".it" + i, cpu, cpu * 2L, 0, "", 0.025 * cpu + 0.002 * cpu * 2, 0.3 * (0.025 * cpu + 0.002 * cpu * 2), Fixtures.ZONES));
        }
        Random random = new Random(42);
        List<Pod> pods = new ArrayList<>();
        int[] cpus = {100, 250, 500, 1000, 1500};
        int[] mems = {100, 256, 512, 1024, 2048, 4096};
        for (int i = 0; i < count; i++) {
            int group = i % 5;
            Map<String, String> labels = Map.of("group", "g" + group);
            Pod.Builder b = Pod.builder("default", "p" + i).uid("u" + i).labels(labels)
                    .requests(Resources.builder().cpuMillis(cpus[random.nextInt(5)]).memoryBytes(mems[random.nextInt(6)] * (1L << 20)).build());
            switch (group) {
                case 1 -> b.topologySpread(List.of(Fixtures.spread(WellKnownLabels.ZONE, 1, true, labels)));
                case 2 -> b.topologySpread(List.of(Fixtures.spread(WellKnownLabels.HOSTNAME, 1, true, labels)));
                case 3 -> b.podAffinity(List.of(new PodAffinityTerm(Requirements.fromLabels(labels), WellKnownLabels.ZONE, Set.of())));
                case 4 -> b.podAntiAffinity(List.of(new PodAffinityTerm(Requirements.fromLabels(labels), WellKnownLabels.HOSTNAME, Set.of())));
                default -> { }
            }
            pods.add(b.build());
        }
        SchedulingInput input = Fixtures.input(pods, types, Fixtures.pool("default", Fixtures.spotAndOnDemand())).build();
        for (int round = 0; round < 3; round++) {
            for (PlacementStrategy strategy : which.equals("both") ? List.of(new CostOptimizing(), new FirstFitDecreasing())
                    : which.equals("ffd") ? List.<PlacementStrategy>of(new FirstFitDecreasing())
                    : which.equals("nosearch") ? List.<PlacementStrategy>of(new CostOptimizing(0, 0)) : List.<PlacementStrategy>of(new CostOptimizing())) {
                java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
                long start = bean.getCurrentThreadCpuTime();
                Plan plan = strategy.plan(input);
                long ms = (bean.getCurrentThreadCpuTime() - start) / 1_000_000;
                System.out.printf("%s: %d ms cpu, %d claims, cost %.3f, unschedulable %d%n", strategy.name(), ms, plan.nodeClaims().size(),
                        plan.hourlyCost(), plan.unschedulable().size());
                if (!plan.unschedulable().isEmpty()) {
                    System.out.println("  e.g. " + plan.unschedulable().get(0));
                }
            }
        }
    }
}
