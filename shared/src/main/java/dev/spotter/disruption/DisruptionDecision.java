package dev.spotter.disruption;

import java.util.List;

/**
 * A disruption planner's answer for one snapshot: the commands to execute, in order; the nodes that would have been
 * candidates but are blocked; the fleet's price per hour before and after the commands (replacements at their planned
 * price); and the strategy that produced it ("spotter" or "karpenter").
 */
public record DisruptionDecision(
        List<DisruptionCommand> commands,
        List<BlockedCandidate> blocked,
        double hourlyCostBefore,
        double hourlyCostAfter,
        String strategy) {

    public DisruptionDecision {
        commands = List.copyOf(commands);
        blocked = List.copyOf(blocked);
    }

    /** How many nodes the commands disrupt. */
    public int disruptedNodeCount() {
        return commands.stream().mapToInt(c -> c.candidates().size()).sum();
    }
}
