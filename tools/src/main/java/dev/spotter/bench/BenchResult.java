package dev.spotter.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One line of {@code spotter bench} output: a case's figures, printed as one JSON object. */
public sealed interface BenchResult {

    /** Pods placed per NodeClaim planned (0 without claims). */
    static double podsPerNode(int pods, int unschedulable, int nodeClaims) {
        return nodeClaims == 0 ? 0 : (double) (pods - unschedulable) / nodeClaims;
    }

    /**
     * A synthetic case: {@code seconds} is the median wall time of planning once, {@code cpuSeconds} the planning
     * thread's CPU time in that run, {@code processCpuSeconds} the JVM's (with GC), {@code podsPerSecond} pods over
     * seconds, {@code runs} the measured runs behind the median; {@code daemonSets} names the DaemonSets every node
     * runs ({@code --daemonsets}) and {@code podsPerNode} is the pods placed over the NodeClaims planned.
     */
    @JsonPropertyOrder({"case", "strategy", "pods", "nodeClaims", "unschedulable", "hourlyCost", "seconds", "cpuSeconds", "processCpuSeconds",
            "podsPerSecond", "runs", "daemonSets", "podsPerNode"})
    record Synthetic(@JsonProperty("case") String benchCase, String strategy, int pods, int nodeClaims, int unschedulable, double hourlyCost,
                     double seconds, double cpuSeconds, double processCpuSeconds, double podsPerSecond, int runs, String daemonSets,
                     double podsPerNode) implements BenchResult {
    }

    /**
     * A trace case planned with {@code strategy}; the baseline is first-fit decreasing on the same input.
     * {@code lowerBound} is the certified LP bound for the {@code lowerBoundPods} pods that fit some instance type
     * (the larger of the assignment bound and {@code groupLowerBound}, the covering-rows bound;
     * {@code lowerBoundConverged} when the assignment bound's column generation finished), {@code ratioToBound} is
     * {@code hourlyCost / lowerBound}, {@code spotShare} the fraction of claims on spot, {@code daemonSets} the DaemonSets
     * every node runs and {@code podsPerNode} the pods placed over the NodeClaims planned.
     */
    @JsonPropertyOrder({"case", "strategy", "pods", "unschedulable", "nodeClaims", "hourlyCost", "baselineHourlyCost", "lowerBound",
            "ratioToBound", "seconds", "cpuSeconds", "processCpuSeconds", "baselineNodeClaims", "baselineUnschedulable", "baselineSeconds",
            "lowerBoundPods", "groupLowerBound", "lowerBoundConverged", "lowerBoundSeconds", "spotShare", "runs", "daemonSets", "podsPerNode"})
    record Trace(@JsonProperty("case") String benchCase, String strategy, int pods, int unschedulable, int nodeClaims, double hourlyCost,
                 double baselineHourlyCost, double lowerBound, double ratioToBound, double seconds, double cpuSeconds,
                 double processCpuSeconds,
                 int baselineNodeClaims, int baselineUnschedulable, double baselineSeconds, int lowerBoundPods,
                 double groupLowerBound, boolean lowerBoundConverged, double lowerBoundSeconds, double spotShare, int runs,
                 String daemonSets, double podsPerNode) implements BenchResult {
    }

    /**
     * A disruption case: a fragmented fleet of {@code nodes} nodes and {@code pods} pods costing {@code hourlyCostBefore};
     * the fleet's $/h after each strategy's decisions were executed round after round ({@code rounds}, at most {@code --rounds}), the
     * nodes each disrupted and left; the LP lower bound of placing the pods anew; the first decision's median wall time
     * and thread CPU time for each strategy.
     */
    @JsonPropertyOrder({"case", "nodes", "pods", "hourlyCostBefore", "hourlyCostAfterSpotter", "hourlyCostAfterKarpenter", "lowerBound",
            "seconds", "cpuSeconds", "karpenterSeconds", "karpenterCpuSeconds", "nodesDisruptedSpotter", "nodesDisruptedKarpenter",
            "roundsSpotter", "roundsKarpenter", "nodesAfterSpotter", "nodesAfterKarpenter", "runs"})
    record Disruption(@JsonProperty("case") String benchCase, int nodes, int pods, double hourlyCostBefore, double hourlyCostAfterSpotter,
                      double hourlyCostAfterKarpenter, double lowerBound, double seconds, double cpuSeconds, double karpenterSeconds,
                      double karpenterCpuSeconds, int nodesDisruptedSpotter, int nodesDisruptedKarpenter, int roundsSpotter,
                      int roundsKarpenter, int nodesAfterSpotter, int nodesAfterKarpenter, int runs) implements BenchResult {
    }
}
