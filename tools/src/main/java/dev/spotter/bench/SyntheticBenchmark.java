package dev.spotter.bench;

import dev.spotter.scheduling.Plan;
import dev.spotter.scheduling.PlacementStrategy;
import dev.spotter.scheduling.SchedulingInput;

import java.util.List;
import java.util.function.Consumer;

/** Plans {@link SyntheticWorkload}s of several sizes with each strategy and reports throughput. */
final class SyntheticBenchmark {
    private SyntheticBenchmark() {
    }

    /** Runs every size with every strategy, handing each result to {@code sink} as soon as it is measured. */
    static void run(List<Integer> podCounts, List<PlacementStrategy> strategies, int runs, BenchDaemonSets daemonSets,
                    Consumer<BenchResult.Synthetic> sink) {
        for (int pods : podCounts) {
            SchedulingInput input = SyntheticWorkload.input(pods, SyntheticWorkload.INSTANCE_TYPES, 42, daemonSets.daemonSets());
            for (PlacementStrategy strategy : strategies) {
                Timing.Measured<Plan> measured = Timing.median(runs, () -> strategy.plan(input));
                Plan plan = measured.result();
                sink.accept(new BenchResult.Synthetic("synthetic", strategy.name(), pods, plan.nodeClaims().size(),
                        plan.unschedulable().size(), plan.hourlyCost(), measured.seconds(), measured.cpuSeconds(),
                        measured.processCpuSeconds(), pods / measured.seconds(), measured.runs(), daemonSets.name(),
                        BenchResult.podsPerNode(pods, plan.unschedulable().size(), plan.nodeClaims().size())));
            }
        }
    }
}
