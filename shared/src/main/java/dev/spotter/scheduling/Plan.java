package dev.spotter.scheduling;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The placement engine's decision, as a value: NodeClaims to create, pending pods that fit on existing nodes
 * ({@code nodePlacements}: node name to pod keys) or on in-flight claims ({@code inFlightPlacements}: claim name to
 * pod keys), and pods that cannot be placed. {@code hourlyCost} is the sum of the new claims' prices.
 * {@code strategy} names the placement strategy that produced it.
 */
public record Plan(
        List<PlannedNodeClaim> nodeClaims,
        SortedMap<String, List<String>> nodePlacements,
        SortedMap<String, List<String>> inFlightPlacements,
        List<UnschedulablePod> unschedulable,
        double hourlyCost,
        String strategy) {

    public Plan {
        nodeClaims = List.copyOf(nodeClaims);
        nodePlacements = frozen(nodePlacements);
        inFlightPlacements = frozen(inFlightPlacements);
        unschedulable = List.copyOf(unschedulable);
    }

    private static SortedMap<String, List<String>> frozen(Map<String, List<String>> map) {
        TreeMap<String, List<String>> copy = new TreeMap<>();
        map.forEach((key, pods) -> copy.put(key, List.copyOf(pods)));
        return Collections.unmodifiableSortedMap(copy);
    }

    /** How many pending pods the plan places (on new claims, existing nodes or in-flight claims). */
    public int placedPodCount() {
        int count = 0;
        for (PlannedNodeClaim claim : nodeClaims) {
            count += claim.pods().size();
        }
        for (List<String> pods : nodePlacements.values()) {
            count += pods.size();
        }
        for (List<String> pods : inFlightPlacements.values()) {
            count += pods.size();
        }
        return count;
    }
}
