package dev.spotter.scheduling;

/** The default strategy: packs pod classes onto the instance types with the best price per packed demand. */
public final class CostOptimizing implements PlacementStrategy {
    @Override
    public String name() {
        return "cost";
    }

    @Override
    public Plan plan(SchedulingInput input) {
        throw new UnsupportedOperationException("cost-optimizing placement is being written");
    }
}
