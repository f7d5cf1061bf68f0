package dev.spotter.scheduling;

/**
 * The placement engine's entry point: {@code Scheduler.create().plan(input)} with the default, cost-optimizing
 * strategy, or {@code Scheduler.using(new FirstFitDecreasing())} for Karpenter's behaviour.
 */
public final class Scheduler {
    private final PlacementStrategy strategy;

    private Scheduler(PlacementStrategy strategy) {
        this.strategy = strategy;
    }

    /** A scheduler with the default strategy, {@link CostOptimizing}. */
    public static Scheduler create() {
        return new Scheduler(new CostOptimizing());
    }

    public static Scheduler using(PlacementStrategy strategy) {
        return new Scheduler(strategy);
    }

    public PlacementStrategy strategy() {
        return strategy;
    }

    public Plan plan(SchedulingInput input) {
        return strategy.plan(input);
    }
}
