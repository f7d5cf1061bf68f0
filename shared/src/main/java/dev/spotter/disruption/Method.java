package dev.spotter.disruption;

import java.util.List;

/**
 * One disruption method (Karpenter's disruption.Method): finds its candidates in the planning state, checks them
 * against budgets and the rules of its kind, and adds its commands to the state, which later methods then see.
 */
interface Method {

    /** A short name for commands and metrics: emptiness, drift, multi-node-consolidation, ... */
    String name();

    void compute(PlanningState state);

    /** A command for a move (its candidates, replacements and pods), stamped with the snapshot's time. */
    static DisruptionCommand command(Reason reason, String method, Move move, boolean forceful, PlanningState state) {
        return new DisruptionCommand(reason, method, move.candidates().stream().map(Candidate::state).toList(),
                move.replacements(), move.pods(), move.savings(), forceful, state.now());
    }

    /** A command deleting empty candidates. */
    static DisruptionCommand delete(Reason reason, String method, List<Candidate> candidates, PlanningState state) {
        return command(reason, method, emptyMove(candidates), false, state);
    }

    static Move emptyMove(List<Candidate> candidates) {
        List<String> pods = candidates.stream().flatMap(c -> c.reschedulable().stream()).map(p -> p.key()).toList();
        return new Move(candidates, List.of(), pods, java.util.Map.of());
    }
}
