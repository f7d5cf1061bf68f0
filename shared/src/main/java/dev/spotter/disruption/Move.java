package dev.spotter.disruption;

import dev.spotter.scheduling.PlannedNodeClaim;

import java.util.List;
import java.util.Map;

/**
 * Candidates that go together in one simulation result (they share a replacement), the replacements their pods need,
 * the pods that move, and where the pods that go to existing capacity land ({@code nodePlacements}: node or in-flight
 * claim name to pods).
 */
record Move(List<Candidate> candidates, List<PlannedNodeClaim> replacements, List<String> pods,
            Map<String, List<String>> nodePlacements) {
    Move {
        candidates = List.copyOf(candidates);
        replacements = List.copyOf(replacements);
        pods = List.copyOf(pods);
        nodePlacements = Map.copyOf(nodePlacements);
    }

    double candidatesPrice() {
        return candidates.stream().mapToDouble(Candidate::price).sum();
    }

    double replacementsPrice() {
        return replacements.stream().mapToDouble(PlannedNodeClaim::hourlyPrice).sum();
    }

    double savings() {
        return candidatesPrice() - replacementsPrice();
    }

    Move withReplacements(List<PlannedNodeClaim> priced) {
        return new Move(candidates, priced, pods, nodePlacements);
    }
}
