package dev.spotter.sim;

import dev.spotter.disruption.DisruptionPlanner;
import dev.spotter.scheduling.FirstFitDecreasing;
import dev.spotter.scheduling.Scheduler;

import java.util.Optional;

/**
 * The control planes compared in one run. Spotter: the cost-optimising placement and Spotter's disruption planner.
 * Karpenter-style: the faithful first-fit-decreasing placement and the Karpenter-style disruption baseline, same
 * interruption handling. On-demand-static: a fixed on-demand node group sized for the workload's peak, what a Cluster
 * Autoscaler user with fixed node groups pays at least; nothing disrupts it.
 */
public enum Strategy {
    SPOTTER("spotter"),
    KARPENTER_STYLE("karpenter-style"),
    ON_DEMAND_STATIC("on-demand-static");

    private final String label;

    Strategy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The placement engine the control plane runs with; the static group plans once, for its peak, on-demand. */
    public Scheduler scheduler() {
        return this == KARPENTER_STYLE ? Scheduler.using(new FirstFitDecreasing()) : Scheduler.create();
    }

    /** The disruption planner the control plane's tick runs with; none for the static group. */
    public Optional<DisruptionPlanner> disruptionPlanner() {
        return switch (this) {
            case SPOTTER -> Optional.of(DisruptionPlanner.spotter());
            case KARPENTER_STYLE -> Optional.of(DisruptionPlanner.karpenter());
            case ON_DEMAND_STATIC -> Optional.empty();
        };
    }
}
