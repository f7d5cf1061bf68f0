package dev.spotter.disruption;

import dev.spotter.config.NodePool;
import dev.spotter.scheduling.PlacementStrategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Expiration (Karpenter v1 nodeclaim/expiration): a NodeClaim older than its NodePool's expireAfter is disrupted
 * whatever the budgets, do-not-disrupt annotations and PDBs say (the commands are forceful: the drain honours PDBs and
 * do-not-disrupt only until the NodePool's terminationGracePeriod runs out). Unlike Karpenter, which deletes the claim
 * and lets its pods go pending, replacements for the pods that do not fit elsewhere are planned to launch first.
 */
final class Expiration implements Method {
    private final PlacementStrategy strategy;

    Expiration(PlacementStrategy strategy) {
        this.strategy = strategy;
    }

    @Override
    public String name() {
        return "expiration";
    }

    @Override
    public void compute(PlanningState state) {
        List<Candidate> expired = new ArrayList<>();
        for (StateNode node : state.input().nodes()) {
            if (!state.live(node)) {
                continue;
            }
            NodePool pool = state.pool(node.nodePool()).orElseThrow();
            if (pool.expireAfter() == null || node.claim().createdAt() == null
                    || node.claim().createdAt().plus(pool.expireAfter()).isAfter(state.now())) {
                continue;
            }
            expired.add(state.candidate(node));
        }
        if (expired.isEmpty()) {
            return;
        }
        expired.sort(Comparator.comparing(Candidate::name));
        Simulation.Result result = Simulation.run(state, expired, strategy);
        for (Move move : result.moves()) {
            state.add(Method.command(Reason.EXPIRED, name(), move, true, state), move);
        }
        for (Candidate candidate : expired) {
            if (result.unplaceable().containsKey(candidate.name())) {
                Move move = Method.emptyMove(List.of(candidate));
                state.add(Method.command(Reason.EXPIRED, name(), move, true, state), move);
            }
        }
    }
}
