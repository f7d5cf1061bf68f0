package dev.spotter.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One decision Spotter acted on, as published (source {@code spotter}): its detail-type and its detail, a JSON object
 * whose fields are spelled out here and documented with their schema in docs/events.md. Every detail names the
 * cluster. Prices are USD per hour.
 */
public sealed interface DecisionEvent {

    /** The EventBridge source of every event Spotter publishes. */
    String SOURCE = "spotter";

    String cluster();

    String detailType();

    /** The event's detail as an ordered map of JSON values (strings, numbers, booleans, lists of strings). */
    Map<String, Object> detail();

    /** An instance was launched for a NodeClaim. */
    record NodeClaimLaunched(String cluster, String nodeClaim, String nodePool, String instanceId, String instanceType,
                             String capacityType, String zone, double pricePerHour, List<String> pods)
            implements DecisionEvent {
        public static final String DETAIL_TYPE = "NodeClaim Launched";

        public NodeClaimLaunched {
            pods = List.copyOf(pods);
        }

        @Override
        public String detailType() {
            return DETAIL_TYPE;
        }

        @Override
        public Map<String, Object> detail() {
            Map<String, Object> detail = start(cluster);
            detail.put("nodeClaim", nodeClaim);
            detail.put("nodePool", nodePool);
            detail.put("instanceId", instanceId);
            detail.put("instanceType", instanceType);
            detail.put("capacityType", capacityType);
            detail.put("zone", zone);
            detail.put("pricePerHour", finite(pricePerHour));
            detail.put("pods", pods);
            return detail;
        }
    }

    /** No instance could be launched for a NodeClaim; the claim was dropped and its pods are planned again. */
    record NodeClaimLaunchFailed(String cluster, String nodeClaim, String nodePool, String reason,
                                 boolean capacityShortage, List<String> pods) implements DecisionEvent {
        public static final String DETAIL_TYPE = "NodeClaim Launch Failed";

        public NodeClaimLaunchFailed {
            pods = List.copyOf(pods);
        }

        @Override
        public String detailType() {
            return DETAIL_TYPE;
        }

        @Override
        public Map<String, Object> detail() {
            Map<String, Object> detail = start(cluster);
            detail.put("nodeClaim", nodeClaim);
            detail.put("nodePool", nodePool);
            detail.put("reason", reason);
            detail.put("capacityShortage", capacityShortage);
            detail.put("pods", pods);
            return detail;
        }
    }

    /** An interruption event (spot interruption, rebalance, scheduled change, state change) was acted on. */
    record InterruptionHandled(String cluster, String instanceId, String nodeClaim, String kind, String eventId,
                               List<String> steps, String reason) implements DecisionEvent {
        public static final String DETAIL_TYPE = "Interruption Handled";

        public InterruptionHandled {
            steps = List.copyOf(steps);
        }

        @Override
        public String detailType() {
            return DETAIL_TYPE;
        }

        @Override
        public Map<String, Object> detail() {
            Map<String, Object> detail = start(cluster);
            detail.put("instanceId", instanceId);
            detail.put("nodeClaim", nodeClaim);
            detail.put("kind", kind);
            detail.put("eventId", eventId);
            detail.put("steps", steps);
            detail.put("reason", reason);
            return detail;
        }
    }

    /** A provisioning pass found pods that no NodePool can hold. */
    record PodsUnschedulable(String cluster, List<UnschedulablePodDetail> pods) implements DecisionEvent {
        public static final String DETAIL_TYPE = "Pods Unschedulable";

        public PodsUnschedulable {
            pods = List.copyOf(pods);
        }

        @Override
        public String detailType() {
            return DETAIL_TYPE;
        }

        @Override
        public Map<String, Object> detail() {
            Map<String, Object> detail = start(cluster);
            detail.put("pods", pods.stream().map(pod -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("pod", pod.pod());
                entry.put("reason", pod.reason());
                return entry;
            }).toList());
            return detail;
        }
    }

    /** A pod ({@code namespace/name}) no NodePool can hold, and why. */
    record UnschedulablePodDetail(String pod, String reason) {
    }

    /** Where a disruption command is: started (candidates tainted), finished (candidates gone), rolled back. */
    enum DisruptionStage {
        STARTED("Disruption Started"), FINISHED("Disruption Finished"), ROLLED_BACK("Disruption Rolled Back");

        private final String detailType;

        DisruptionStage(String detailType) {
            this.detailType = detailType;
        }

        public String detailType() {
            return detailType;
        }
    }

    /**
     * A disruption command changed stage. {@code command} identifies it across its events; {@code candidates} and
     * {@code replacements} are NodeClaim names; {@code outcome} says why it finished or was rolled back (empty when
     * it started).
     */
    record Disruption(String cluster, DisruptionStage stage, String command, String reason, List<String> candidates,
                      List<String> nodes, List<String> replacements, double savingsPerHour, String outcome)
            implements DecisionEvent {

        public Disruption {
            Objects.requireNonNull(stage, "stage");
            candidates = List.copyOf(candidates);
            nodes = List.copyOf(nodes);
            replacements = List.copyOf(replacements);
            outcome = outcome == null ? "" : outcome;
        }

        @Override
        public String detailType() {
            return stage.detailType();
        }

        @Override
        public Map<String, Object> detail() {
            Map<String, Object> detail = start(cluster);
            detail.put("command", command);
            detail.put("reason", reason);
            detail.put("candidates", candidates);
            detail.put("nodes", nodes);
            detail.put("replacements", replacements);
            detail.put("savingsPerHour", finite(savingsPerHour));
            detail.put("outcome", outcome);
            return detail;
        }
    }

    private static Map<String, Object> start(String cluster) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("cluster", cluster);
        return detail;
    }

    /** JSON has no NaN: an unknown price is published as null. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
