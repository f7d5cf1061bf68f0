package dev.spotter.scheduling;

/**
 * How pending pods are packed onto new NodeClaims. Every strategy obeys the same constraints (it reuses the engine's
 * feasibility checks); strategies differ in which feasible plan they pick. Implementations are deterministic: the same
 * input gives an equal plan.
 */
public interface PlacementStrategy {

    /** A short name for reports and benchmarks ("ffd", "cost"). */
    String name();

    Plan plan(SchedulingInput input);
}
