package dev.spotter.bench;

import dev.spotter.disruption.DisruptionDecision;
import dev.spotter.disruption.DisruptionInput;
import dev.spotter.disruption.DisruptionPlanner;

import java.util.function.Consumer;

/**
 * {@code spotter bench --disruption}: for each fleet size, builds a fragmented fleet ({@link DisruptionFleet}) and runs
 * both disruption strategies on it. The first decision of each is timed (one warm-up, then the median of the runs);
 * then each strategy's decisions are executed on the fleet, decision after decision, until it decides nothing more or
 * {@code rounds} decisions were made, which gives the fleet's $/h after that strategy and the nodes it disrupted.
 * The LP lower bound of placing the remaining pods anew is printed for scale. Budgets are Karpenter's default (10%).
 */
final class DisruptionBenchmark {
    static final long SEED = 7;

    private DisruptionBenchmark() {
    }

    record Outcome(double seconds, double cpuSeconds, double hourlyCostAfter, int nodesDisrupted, int rounds, int nodesAfter) {
    }

    static void run(java.util.List<Integer> sizes, int runs, int maxRounds, Consumer<BenchResult.Disruption> sink) {
        DisruptionFleet fleet = DisruptionFleet.usEast1();
        for (int size : sizes) {
            DisruptionInput input = fleet.build(size, SEED);
            Outcome spotter = outcome(fleet, input, DisruptionPlanner.spotter(), runs, maxRounds);
            Outcome karpenter = outcome(fleet, input, DisruptionPlanner.karpenter(), runs, maxRounds);
            Timing.Measured<Double> bound = Timing.once(() -> fleet.lowerBound(input));
            double before = DisruptionPlanner.spotter().plan(input).hourlyCostBefore();
            sink.accept(new BenchResult.Disruption("disruption:" + size, input.nodes().size(), DisruptionFleet.podCount(input), before,
                    spotter.hourlyCostAfter(), karpenter.hourlyCostAfter(), bound.result(), spotter.seconds(), spotter.cpuSeconds(),
                    karpenter.seconds(), karpenter.cpuSeconds(), spotter.nodesDisrupted(), karpenter.nodesDisrupted(),
                    spotter.rounds(), karpenter.rounds(), spotter.nodesAfter(), karpenter.nodesAfter(), runs));
        }
    }

    private static Outcome outcome(DisruptionFleet fleet, DisruptionInput input, DisruptionPlanner planner, int runs, int maxRounds) {
        Timing.Measured<DisruptionDecision> first = Timing.median(runs, () -> planner.plan(input));
        DisruptionDecision decision = first.result();
        DisruptionInput current = input;
        int disrupted = 0;
        int rounds = 0;
        while (!decision.commands().isEmpty() && rounds < maxRounds) {
            disrupted += decision.disruptedNodeCount();
            current = fleet.apply(current, decision);
            rounds++;
            decision = planner.plan(current);
        }
        return new Outcome(first.seconds(), first.cpuSeconds(), decision.hourlyCostBefore(), disrupted, rounds, current.nodes().size());
    }
}
