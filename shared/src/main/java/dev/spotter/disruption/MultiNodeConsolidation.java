package dev.spotter.disruption;

import dev.spotter.scheduling.PlacementStrategy;

import java.util.List;

/**
 * Karpenter v1's multi-node consolidation (multinodeconsolidation.go), the baseline: the candidates (lowest
 * disruption cost first, within the Underutilized budgets, at most 100) are searched by bisection for the longest
 * prefix of at least two whose pods fit on the rest of the cluster plus at most one new NodeClaim that is cheaper than
 * all of them at its worst launch price (and not spot replacing only spot nodes). One command, if any.
 */
final class MultiNodeConsolidation implements Method {
    static final int MAX_CANDIDATES = 100;

    private final PlacementStrategy strategy;

    MultiNodeConsolidation(PlacementStrategy strategy) {
        this.strategy = strategy;
    }

    @Override
    public String name() {
        return "multi-node-consolidation";
    }

    @Override
    public void compute(PlanningState state) {
        List<Candidate> candidates = Consolidation.withinBudget(state,
                Consolidation.byDisruptionCost(Consolidation.candidates(state)), Reason.UNDERUTILIZED);
        if (candidates.size() > MAX_CANDIDATES) {
            candidates = candidates.subList(0, MAX_CANDIDATES);
        }
        if (candidates.size() < 2) {
            return;
        }
        Move last = null;
        int min = 1;
        int max = candidates.size() - 1;
        while (min <= max) {
            int mid = (min + max) / 2;
            Move move = consolidate(state, candidates.subList(0, mid + 1), strategy);
            if (move != null) {
                last = move;
                min = mid + 1;
            } else {
                max = mid - 1;
            }
        }
        if (last != null) {
            state.add(Method.command(Reason.UNDERUTILIZED, name(), last, false, state), last);
        }
    }

    /** Karpenter's computeConsolidation: the priced move, or null when the candidates cannot go together. */
    static Move consolidate(PlanningState state, List<Candidate> candidates, PlacementStrategy strategy) {
        Simulation.Result result = Simulation.run(state, candidates, strategy);
        if (!result.unplaceable().isEmpty()) {
            return null;
        }
        Move merged = Consolidation.merge(result.moves());
        if (merged.replacements().size() > 1) {
            return null;
        }
        MoveRules.Verdict verdict = MoveRules.evaluate(merged, state);
        return verdict.accepted() ? verdict.move() : null;
    }
}
