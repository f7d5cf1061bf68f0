package dev.spotter.disruption;

import dev.spotter.scheduling.PlacementStrategy;

import java.util.List;

/**
 * Karpenter v1's single-node consolidation (singlenodeconsolidation.go), the baseline: the candidates, lowest
 * disruption cost first and within the Underutilized budgets, are tried one at a time; the first whose pods fit on the
 * rest of the cluster plus at most one cheaper new NodeClaim is disrupted. Karpenter stops after a 3-minute timeout;
 * to stay deterministic this tries at most {@link MultiNodeConsolidation#MAX_CANDIDATES} candidates.
 */
final class SingleNodeConsolidation implements Method {
    private final PlacementStrategy strategy;

    SingleNodeConsolidation(PlacementStrategy strategy) {
        this.strategy = strategy;
    }

    @Override
    public String name() {
        return "single-node-consolidation";
    }

    @Override
    public void compute(PlanningState state) {
        List<Candidate> candidates = Consolidation.withinBudget(state,
                Consolidation.byDisruptionCost(Consolidation.candidates(state)), Reason.UNDERUTILIZED);
        int tried = 0;
        for (Candidate candidate : candidates) {
            if (tried++ >= MultiNodeConsolidation.MAX_CANDIDATES) {
                return;
            }
            Move move = MultiNodeConsolidation.consolidate(state, List.of(candidate), strategy);
            if (move != null) {
                state.add(Method.command(Reason.UNDERUTILIZED, name(), move, false, state), move);
                return;
            }
        }
    }
}
