package dev.spotter.sim;

import dev.spotter.scheduling.FirstFitDecreasing;
import dev.spotter.scheduling.Scheduler;

/**
 * The control planes compared in one run. Spotter: the cost-optimising placement (and Spotter's disruption once the
 * planner exists). Karpenter-style: the faithful first-fit-decreasing placement, same interruption handling.
 * On-demand-static: a fixed on-demand node group sized for the workload's peak, what a Cluster Autoscaler user with
 * fixed node groups pays at least.
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
}
