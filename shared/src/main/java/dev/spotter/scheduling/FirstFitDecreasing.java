package dev.spotter.scheduling;

/**
 * Karpenter's algorithm, kept faithful as the comparison baseline: pods by cpu then memory descending, each onto an
 * existing node, else the first open claim it fits, else a new claim with every compatible instance type.
 */
public final class FirstFitDecreasing implements PlacementStrategy {
    @Override
    public String name() {
        return "ffd";
    }

    @Override
    public Plan plan(SchedulingInput input) {
        throw new UnsupportedOperationException("first-fit decreasing is being written");
    }
}
