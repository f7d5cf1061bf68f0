package dev.spotter.disruption;

import dev.spotter.scheduling.FirstFitDecreasing;

import java.util.List;

/**
 * The Karpenter v1 baseline: expiration, emptiness, drift (one non-empty node per decision), multi-node then
 * single-node consolidation, with first-fit-decreasing placement and {@link DisruptionSettings#KARPENTER} (any saving,
 * no payback rule or cool-down, spot-to-spot off).
 */
final class KarpenterDisruption extends PipelinePlanner {
    KarpenterDisruption() {
        super(KARPENTER, DisruptionSettings.KARPENTER, new FirstFitDecreasing(), List.of(
                new Expiration(new FirstFitDecreasing()),
                new Emptiness(),
                new Drift(new FirstFitDecreasing(), false),
                new MultiNodeConsolidation(new FirstFitDecreasing()),
                new SingleNodeConsolidation(new FirstFitDecreasing())));
    }
}
