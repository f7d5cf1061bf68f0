package dev.spotter.disruption;

import dev.spotter.scheduling.PlannedNodeClaim;

import java.time.Instant;
import java.util.List;

/**
 * One disruption decision, as a value (Karpenter's Command): disrupt {@code candidates} for {@code reason}, after
 * launching {@code replacements} (empty: a delete) and waiting until they are initialized. {@code pods} are the pods
 * that must move (every non-DaemonSet, non-terminal pod of the candidates), {@code savingsPerHour} the candidates'
 * price less the replacements' (0 for drift and expiration, which may cost more). {@code method} names the method that
 * produced it (emptiness, drift, multi-node-consolidation, single-node-consolidation, expiration); {@code decidedAt}
 * is the snapshot's time: an executor validates the command again on a snapshot at least 15 s later. A
 * {@code forceful} command (expiration) ignores budgets and blocking PDBs once the NodePool's terminationGracePeriod
 * runs out.
 */
public record DisruptionCommand(
        Reason reason,
        String method,
        List<StateNode> candidates,
        List<PlannedNodeClaim> replacements,
        List<String> pods,
        double savingsPerHour,
        boolean forceful,
        Instant decidedAt) {

    public DisruptionCommand {
        candidates = List.copyOf(candidates);
        replacements = List.copyOf(replacements);
        pods = List.copyOf(pods);
    }

    /** The candidates' Node names (claim names for a node not registered). */
    public List<String> candidateNames() {
        return candidates.stream().map(StateNode::name).toList();
    }

    /** What the candidates cost per hour. */
    public double candidatesHourlyPrice() {
        return candidates.stream().mapToDouble(c -> c.claim().price()).sum();
    }

    /** What the replacements cost per hour (at the price they were planned at). */
    public double replacementsHourlyPrice() {
        return replacements.stream().mapToDouble(PlannedNodeClaim::hourlyPrice).sum();
    }

    public boolean isDelete() {
        return replacements.isEmpty();
    }
}
