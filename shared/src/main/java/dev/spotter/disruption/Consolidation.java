package dev.spotter.disruption;

import dev.spotter.config.NodePool;
import dev.spotter.model.Resources;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Steps the consolidation methods share: who is a candidate, budgets, ordering, merging simulation results. */
final class Consolidation {
    private Consolidation() {
    }

    /**
     * Consolidation candidates: eligible, non-empty nodes of WhenEmptyOrUnderutilized NodePools whose consolidateAfter
     * has elapsed, not blocked by do-not-disrupt, a nomination or a PDB, in a NodePool whose Underutilized budget is
     * not used up. Blocked nodes are recorded on the state.
     */
    static List<Candidate> candidates(PlanningState state) {
        List<Candidate> candidates = new ArrayList<>();
        for (StateNode node : state.input().nodes()) {
            if (!state.eligible(node)) {
                continue;
            }
            Candidate candidate = state.candidate(node);
            NodePool pool = candidate.pool();
            if (candidate.isEmpty() || PlanningState.whenEmptyOnly(pool)) {
                continue;
            }
            Optional<BlockedCandidate> blocked = state.blocker(node, false).or(() -> state.consolidateAfterBlocker(node, pool));
            if (blocked.isPresent()) {
                state.block(blocked.get());
                continue;
            }
            if (state.budgets().allowed(pool.name(), Reason.UNDERUTILIZED) == 0) {
                state.block(candidate, BlockedCandidate.Blocker.BUDGET, state.budgets().describe(pool.name(), Reason.UNDERUTILIZED));
                continue;
            }
            candidates.add(candidate);
        }
        return candidates;
    }

    /** Karpenter's order: lowest disruption cost first, then by name. */
    static List<Candidate> byDisruptionCost(List<Candidate> candidates) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Candidate::disruptionCost).thenComparing(Candidate::name));
        return sorted;
    }

    /** Takes candidates in order while their NodePool's budget for the reason allows; blocks the rest. */
    static List<Candidate> withinBudget(PlanningState state, List<Candidate> ordered, Reason reason) {
        Map<String, Integer> used = new HashMap<>();
        List<Candidate> chosen = new ArrayList<>();
        for (Candidate candidate : ordered) {
            String pool = candidate.pool().name();
            int allowed = state.budgets().allowed(pool, reason);
            if (used.getOrDefault(pool, 0) < allowed) {
                used.merge(pool, 1, Integer::sum);
                chosen.add(candidate);
            } else {
                state.block(candidate, BlockedCandidate.Blocker.BUDGET, state.budgets().describe(pool, reason));
            }
        }
        return chosen;
    }

    /** True when the move's candidates fit in what is left of their NodePools' budgets ({@code used} so far). */
    static boolean fits(PlanningState state, Move move, Reason reason, Map<String, Integer> used) {
        Map<String, Integer> need = new HashMap<>();
        move.candidates().forEach(c -> need.merge(c.pool().name(), 1, Integer::sum));
        for (Map.Entry<String, Integer> entry : need.entrySet()) {
            if (used.getOrDefault(entry.getKey(), 0) + entry.getValue() > state.budgets().allowed(entry.getKey(), reason)) {
                return false;
            }
        }
        need.forEach((pool, n) -> used.merge(pool, n, Integer::sum));
        return true;
    }

    /** One move holding every move of a simulation (Karpenter's command covers all candidates it simulated). */
    static Move merge(List<Move> moves) {
        List<Candidate> candidates = new ArrayList<>();
        List<dev.spotter.scheduling.PlannedNodeClaim> replacements = new ArrayList<>();
        List<String> pods = new ArrayList<>();
        Map<String, List<String>> placements = new LinkedHashMap<>();
        for (Move move : moves) {
            candidates.addAll(move.candidates());
            replacements.addAll(move.replacements());
            pods.addAll(move.pods());
            move.nodePlacements().forEach((k, v) -> placements.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }
        return new Move(candidates, replacements, pods, placements);
    }

    /** The larger of the node's CPU and memory requested share (pods of every kind), 0..1+. */
    static double utilisation(Candidate candidate) {
        Resources allocatable = candidate.state().node().allocatable();
        long cpu = 0;
        long memory = 0;
        for (dev.spotter.cluster.Pod pod : candidate.state().pods()) {
            cpu += pod.requests().get(Resources.CPU);
            memory += pod.requests().get(Resources.MEMORY);
        }
        double cpuShare = allocatable.get(Resources.CPU) > 0 ? cpu / (double) allocatable.get(Resources.CPU) : 0;
        double memoryShare = allocatable.get(Resources.MEMORY) > 0 ? memory / (double) allocatable.get(Resources.MEMORY) : 0;
        return Math.max(cpuShare, memoryShare);
    }
}
