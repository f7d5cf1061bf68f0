package dev.spotter.bench;

import dev.spotter.scheduling.Plan;
import dev.spotter.scheduling.PlacementStrategy;
import dev.spotter.scheduling.SchedulingInput;

import java.util.ArrayList;
import java.util.List;

/** Plans {@link SyntheticWorkload}s of several sizes with each strategy and reports throughput. */
final class SyntheticBenchmark {
    private SyntheticBenchmark() {
    }

    static List<BenchResult.Synthetic> run(List<Integer> podCounts, List<PlacementStrategy> strategies, int runs) {
        List<BenchResult.Synthetic> results = new ArrayList<>();
        for (int pods : podCounts) {
            SchedulingInput input = SyntheticWorkload.input(pods);
            for (PlacementStrategy strategy : strategies) {
                Timing.Measured<Plan> measured = Timing.median(runs, () -> strategy.plan(input));
                Plan plan = measured.result();
                results.add(new BenchResult.Synthetic("synthetic", strategy.name(), pods, plan.nodeClaims().size(),
                        plan.unschedulable().size(), plan.hourlyCost(), measured.seconds(), measured.cpuSeconds(),
                        measured.processCpuSeconds(), pods / measured.seconds()));
            }
        }
        return results;
    }
}
