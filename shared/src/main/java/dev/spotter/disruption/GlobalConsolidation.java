package dev.spotter.disruption;

import dev.spotter.scheduling.PlacementStrategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spotter's consolidation (in place of Karpenter's multi-node and single-node methods): the movable pods of a set of
 * candidates are re-planned together with the cost-optimising placement engine on the rest of the cluster, the result
 * is cut into independent moves (candidates that share a replacement go together; a candidate whose pods all fit on
 * remaining nodes is a delete), each move is priced and checked against the anti-churn rule ({@link MoveRules}), and
 * the moves with the best savings per moved pod are taken while the NodePools' Underutilized budgets allow. The set of
 * candidates re-planned is the least utilised ones, under each of a few utilisation thresholds in turn; the threshold
 * whose accepted moves save the most wins (ties: fewer pods moved). Moves are independent because no pod is planned
 * onto another re-planned candidate, so dropping a move only frees capacity for the others.
 */
final class GlobalConsolidation implements Method {
    static final double[] THRESHOLDS = {0.3, 0.5, 0.7, Double.POSITIVE_INFINITY};
    /** Beyond this many candidates the last threshold (every candidate at once) is skipped: it is slow and its moves merge. */
    static final int ALL_AT_ONCE = 500;
    /** Existing nodes offered to one simulation at most (the freest); small clusters offer all of theirs. */
    static final int DESTINATIONS = 1000;

    private final PlacementStrategy strategy;

    GlobalConsolidation(PlacementStrategy strategy) {
        this.strategy = strategy;
    }

    @Override
    public String name() {
        return "global-consolidation";
    }

    private record Selection(List<Move> accepted, List<MoveRules.Verdict> refused, List<Move> overBudget,
                             Map<String, String> unplaceable, double savings, int pods) {
    }

    @Override
    public void compute(PlanningState state) {
        List<Candidate> candidates = new ArrayList<>(Consolidation.candidates(state));
        if (candidates.isEmpty()) {
            return;
        }
        Map<String, Double> utilisation = new HashMap<>();
        candidates.forEach(c -> utilisation.put(c.name(), Consolidation.utilisation(c)));
        candidates.sort(Comparator.comparingDouble((Candidate c) -> utilisation.get(c.name())).thenComparing(Candidate::name));
        // a decision can take no more than the budgets allow: re-plan at most twice that many
        long allowed = 0;
        for (String pool : candidates.stream().map(c -> c.pool().name()).distinct().toList()) {
            allowed += state.budgets().allowed(pool, Reason.UNDERUTILIZED);
        }
        int cap = (int) Math.min(state.settings().maxCandidates(), Math.max(1, Math.min(Integer.MAX_VALUE / 2, allowed) * 2));
        if (candidates.size() > cap) {
            candidates = new ArrayList<>(candidates.subList(0, cap));
        }
        Selection best = null;
        int previous = 0;
        for (double threshold : THRESHOLDS) {
            List<Candidate> replanned = candidates.stream().filter(c -> utilisation.get(c.name()) < threshold).toList();
            if (replanned.size() == previous || (threshold == Double.POSITIVE_INFINITY && candidates.size() > ALL_AT_ONCE)) {
                continue;
            }
            previous = replanned.size();
            Selection selection = select(state, Simulation.run(state, replanned, strategy, DESTINATIONS));
            if (best == null || selection.savings > best.savings + 1e-9
                    || (Math.abs(selection.savings - best.savings) <= 1e-9 && selection.pods < best.pods)) {
                best = selection;
            }
        }
        if (best == null) {
            return;
        }
        for (Move move : best.accepted) {
            state.add(Method.command(Reason.UNDERUTILIZED, name(), move, false, state), move);
        }
        for (MoveRules.Verdict verdict : best.refused) {
            if (verdict.blocker() != null) {
                verdict.refusedMove().candidates().forEach(c -> state.block(c, verdict.blocker(), verdict.reason()));
            }
        }
        for (Move move : best.overBudget) {
            move.candidates().forEach(c -> state.block(c, BlockedCandidate.Blocker.BUDGET,
                    state.budgets().describe(c.pool().name(), Reason.UNDERUTILIZED)));
        }
    }

    private static Selection select(PlanningState state, Simulation.Result result) {
        List<Move> priced = new ArrayList<>();
        List<MoveRules.Verdict> refused = new ArrayList<>();
        for (Move move : result.moves()) {
            MoveRules.Verdict verdict = MoveRules.evaluate(move, state);
            if (verdict.accepted()) {
                priced.add(verdict.move());
            } else {
                refused.add(verdict);
            }
        }
        priced.sort(Comparator.comparingDouble((Move m) -> -m.savings() / Math.max(1, m.pods().size()))
                .thenComparing(m -> m.candidates().get(0).name()));
        List<Move> accepted = new ArrayList<>();
        List<Move> overBudget = new ArrayList<>();
        Map<String, Integer> used = new HashMap<>();
        double savings = 0;
        int pods = 0;
        for (Move move : priced) {
            if (Consolidation.fits(state, move, Reason.UNDERUTILIZED, used)) {
                accepted.add(move);
                savings += move.savings();
                pods += move.pods().size();
            } else {
                overBudget.add(move);
            }
        }
        return new Selection(accepted, refused, overBudget, result.unplaceable(), savings, pods);
    }
}
