package dev.spotter.disruption;

import dev.spotter.config.NodePool;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Emptiness (Karpenter v1 emptiness.go): nodes with no pod that would have to move (only DaemonSet, terminating or
 * static pods) whose consolidateAfter has elapsed since the last pod event, under either consolidation policy, are
 * deleted together in one command, as many per NodePool as its Empty budget allows (cheapest to disrupt first).
 */
final class Emptiness implements Method {

    @Override
    public String name() {
        return "emptiness";
    }

    @Override
    public void compute(PlanningState state) {
        List<Candidate> empty = new ArrayList<>();
        for (StateNode node : state.input().nodes()) {
            if (!state.eligible(node)) {
                continue;
            }
            Candidate candidate = state.candidate(node);
            if (!candidate.isEmpty()) {
                continue;
            }
            NodePool pool = candidate.pool();
            Optional<BlockedCandidate> blocked = state.blocker(node, true).or(() -> state.consolidateAfterBlocker(node, pool));
            if (blocked.isPresent()) {
                state.block(blocked.get());
                continue;
            }
            empty.add(candidate);
        }
        List<Candidate> chosen = Consolidation.withinBudget(state, Consolidation.byDisruptionCost(empty), Reason.EMPTY);
        if (!chosen.isEmpty()) {
            state.add(Method.delete(Reason.EMPTY, name(), chosen, state), Method.emptyMove(chosen));
        }
    }
}
