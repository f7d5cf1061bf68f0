package dev.spotter.disruption;

import dev.spotter.config.NodePool;
import dev.spotter.scheduling.PlacementStrategy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Drift (Karpenter v1 drift.go): nodes whose NodeClaim drifted ({@link DriftCheck}) are replaced, oldest first, as
 * many per NodePool as its Drifted budget allows. Do-not-disrupt pods and PDBs block a drifted node unless its NodePool
 * sets a terminationGracePeriod (then the drain honours them until it runs out). Empty drifted nodes are deleted in one
 * command. Karpenter then replaces one non-empty node per pass; with {@code batch}, Spotter plans the pods of every
 * drifted node the budgets allow together with the placement engine and issues one command per group of nodes that
 * share replacements. Drift replacements need not be cheaper.
 */
final class Drift implements Method {
    private final PlacementStrategy strategy;
    private final boolean batch;

    Drift(PlacementStrategy strategy, boolean batch) {
        this.strategy = strategy;
        this.batch = batch;
    }

    @Override
    public String name() {
        return "drift";
    }

    @Override
    public void compute(PlanningState state) {
        List<Candidate> drifted = new ArrayList<>();
        for (StateNode node : state.input().nodes()) {
            if (!state.eligible(node)) {
                continue;
            }
            NodePool pool = state.pool(node.nodePool()).orElseThrow();
            if (DriftCheck.drift(node, pool, state.input()).isEmpty()) {
                continue;
            }
            Optional<BlockedCandidate> blocked = state.blocker(node, pool.terminationGracePeriod() != null);
            if (blocked.isPresent()) {
                state.block(blocked.get());
                continue;
            }
            drifted.add(state.candidate(node));
        }
        drifted.sort(Comparator.comparing((Candidate c) -> c.state().claim().createdAt(),
                Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).thenComparing(Candidate::name));
        List<Candidate> empty = Consolidation.withinBudget(state, drifted.stream().filter(Candidate::isEmpty).toList(), Reason.DRIFTED);
        if (!empty.isEmpty()) {
            state.add(Method.delete(Reason.DRIFTED, name(), empty, state), Method.emptyMove(empty));
        }
        List<Candidate> chosen = Consolidation.withinBudget(state, drifted.stream().filter(c -> !c.isEmpty()).toList(), Reason.DRIFTED);
        if (chosen.isEmpty()) {
            return;
        }
        if (batch) {
            Simulation.Result result = Simulation.run(state, chosen, strategy);
            for (Move move : result.moves()) {
                state.add(Method.command(Reason.DRIFTED, name(), move, false, state), move);
            }
            result.unplaceable().forEach((node, why) -> chosen.stream().filter(c -> c.name().equals(node)).findFirst()
                    .ifPresent(c -> state.block(c, BlockedCandidate.Blocker.NO_PLACEMENT, why)));
            return;
        }
        for (Candidate candidate : chosen) {
            Simulation.Result result = Simulation.run(state, List.of(candidate), strategy);
            if (result.unplaceable().isEmpty()) {
                Move move = Consolidation.merge(result.moves());
                state.add(Method.command(Reason.DRIFTED, name(), move, false, state), move);
                return;
            }
            state.block(candidate, BlockedCandidate.Blocker.NO_PLACEMENT, result.unplaceable().get(candidate.name()));
        }
    }
}
