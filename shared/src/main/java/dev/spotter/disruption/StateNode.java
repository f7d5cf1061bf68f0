package dev.spotter.disruption;

import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.nodeclaim.NodeClaim;

import java.time.Instant;
import java.util.List;

/**
 * One NodeClaim of the cluster as the disruption planner sees it (Karpenter's StateNode): the claim, its Node (null
 * until it registers), the pods bound to the node (with owner kind, priority, annotations such as
 * {@code controller.kubernetes.io/pod-deletion-cost} and {@code karpenter.sh/do-not-disrupt}), what it was launched
 * with (for drift), the last pod event on the node (a pod bound or removed; {@code consolidateAfter} counts from it),
 * whether a pending pod was nominated to it, and whether it is already being disrupted (tainted
 * {@code karpenter.sh/disrupted}, draining or deleting: it counts against budgets and is not a candidate).
 */
public record StateNode(
        NodeClaim claim,
        Node node,
        List<Pod> pods,
        LaunchedWith launchedWith,
        Instant lastPodEventTime,
        boolean nominated,
        boolean disrupting) {

    public StateNode {
        pods = List.copyOf(pods);
        launchedWith = launchedWith == null ? LaunchedWith.UNKNOWN : launchedWith;
    }

    /** The Node's name, or the claim's while the node has not registered. */
    public String name() {
        return node != null ? node.name() : claim.nodeName() != null ? claim.nodeName() : claim.name();
    }

    public String nodePool() {
        return claim.nodePool();
    }
}
