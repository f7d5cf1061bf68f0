package dev.spotter.disruption;

/**
 * A node that would have been a disruption candidate but is not, and why: {@code blocker} says what kind of thing
 * blocks it (for metrics and the {@code DisruptionBlocked} event), {@code message} names it (the PDB, the pod whose
 * do-not-disrupt annotation holds, the budget).
 */
public record BlockedCandidate(String node, String nodeClaim, Blocker blocker, String message) {

    /** What kind of thing keeps a node from being disrupted. */
    public enum Blocker {
        /** The node carries karpenter.sh/do-not-disrupt: "true". */
        NODE_DO_NOT_DISRUPT,
        /** A pod on it has an active karpenter.sh/do-not-disrupt annotation. */
        POD_DO_NOT_DISRUPT,
        /** A PodDisruptionBudget allows no disruption of a pod on it, or a pod is matched by more than one PDB. */
        PDB,
        /** The NodePool's disruption budget for this reason is used up. */
        BUDGET,
        /** consolidateAfter has not elapsed since the last pod event on the node (or is Never). */
        CONSOLIDATE_AFTER,
        /** A pending pod was nominated to the node. */
        NOMINATED,
        /** No cheaper placement passed the anti-churn rule (savings share, payback, cool-down, same type). */
        ANTI_CHURN,
        /** The node's pods cannot all be placed elsewhere. */
        NO_PLACEMENT
    }
}
