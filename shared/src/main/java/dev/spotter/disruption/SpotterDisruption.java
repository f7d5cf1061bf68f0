package dev.spotter.disruption;

import dev.spotter.scheduling.CostOptimizing;

import java.util.List;

/**
 * Spotter's strategy: expiration, emptiness, drift (every drifted node the budgets allow, planned together), then
 * global consolidation with the cost-optimising placement engine under the anti-churn rule.
 */
final class SpotterDisruption extends PipelinePlanner {
    SpotterDisruption(DisruptionSettings settings) {
        super(SPOTTER, settings, new CostOptimizing(), List.of(
                new Expiration(new CostOptimizing()),
                new Emptiness(),
                new Drift(new CostOptimizing(), true),
                new GlobalConsolidation(new CostOptimizing())));
    }
}
