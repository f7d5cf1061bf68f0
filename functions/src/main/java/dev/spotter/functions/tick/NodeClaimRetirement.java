package dev.spotter.functions.tick;

import dev.spotter.cloud.CloudProvider;
import dev.spotter.cluster.ClusterApi;
import dev.spotter.cluster.ClusterEvent;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.EvictionResult;
import dev.spotter.lifecycle.DrainOrder;
import dev.spotter.lifecycle.LifecyclePlanner;
import dev.spotter.model.Taint;
import dev.spotter.nodeclaim.Condition;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.NodeClaimStore;
import dev.spotter.nodeclaim.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.spotter.functions.runtime.LogKeys.nodeClaim;

/**
 * The actions that take a node away, shared by the interruption handler and the tick: start a drain (taint, cordon,
 * mark the claim Draining), evict a group of pods, and retire a claim (terminate the instance, delete the Node, keep
 * the claim as a tombstone). Each is idempotent, so a retried message or a second tick repeats it harmlessly.
 */
public final class NodeClaimRetirement {
    private static final Logger LOG = LoggerFactory.getLogger(NodeClaimRetirement.class);

    private final ClusterApi cluster;
    private final CloudProvider cloud;
    private final NodeClaimStore claims;
    private final Clock clock;
    private final Duration tombstoneRetention;

    public NodeClaimRetirement(ClusterApi cluster, CloudProvider cloud, NodeClaimStore claims, Clock clock,
                               Duration tombstoneRetention) {
        this.cluster = cluster;
        this.cloud = cloud;
        this.claims = claims;
        this.clock = clock;
        this.tombstoneRetention = tombstoneRetention;
    }

    /** Taints the claim's node so nothing new lands there; a claim with no node yet has nothing to taint. */
    public void taintDisrupted(NodeClaim claim) {
        if (claim.nodeName() != null) {
            cluster.taintNode(claim.nodeName(), Taint.DISRUPTED);
        }
    }

    /** Moves the claim to Draining (once), taints and cordons its node, and evicts the first group of its pods. */
    public NodeClaim startDrain(NodeClaim claim, String reason) {
        return evictNextGroup(beginDrain(claim, reason));
    }

    /**
     * Moves the claim to Draining (once) and taints and cordons its node, without evicting anything yet: the
     * interruption handler plans the replacement while the pods are still on the node, then evicts.
     */
    public NodeClaim beginDrain(NodeClaim claim, String reason) {
        NodeClaim draining = claim;
        if (claim.phase() != Phase.DRAINING && claim.phase() != Phase.TERMINATING) {
            draining = claims.update(claim.withPhase(Phase.DRAINING)
                    .withCondition(new Condition(LifecyclePlanner.DRAINING, true, reason, reason, clock.instant())), clock.instant());
            LOG.info("draining NodeClaim {}: {}", claim.name(), reason, nodeClaim(claim.name()));
        }
        if (draining.nodeName() != null) {
            cluster.taintNode(draining.nodeName(), Taint.DISRUPTED);
            cluster.cordonNode(draining.nodeName());
            cluster.recordEvent(ClusterEvent.onNode(draining.nodeName(), ClusterEvent.Type.NORMAL,
                    ClusterEvent.DISRUPTION_TERMINATING, "Draining node: " + reason));
        }
        return draining;
    }

    /** Evicts the first group of a draining claim's pods (Karpenter's order); the tick evicts the later groups. */
    public NodeClaim evictNextGroup(NodeClaim draining) {
        if (draining.nodeName() == null) {
            return draining;
        }
        return evict(draining, DrainOrder.nextGroup(cluster.listPodsOnNode(draining.nodeName())).stream()
                .filter(pod -> !DrainOrder.blocksDisruption(pod)).toList());
    }

    /** Asks for each eviction once; a PodDisruptionBudget that refuses is tried again by a later tick. */
    public NodeClaim evict(NodeClaim claim, List<Pod> pods) {
        int blocked = 0;
        for (Pod pod : pods) {
            if (cluster.evictPod(pod.namespace(), pod.name()) == EvictionResult.BLOCKED) {
                blocked++;
            }
        }
        if (blocked > 0) {
            LOG.info("{} of {} evictions from NodeClaim {} blocked by PodDisruptionBudgets", blocked, pods.size(),
                    claim.name(), nodeClaim(claim.name()));
        }
        boolean daemonsEvicted = !pods.isEmpty() && pods.stream().allMatch(Pod::isDaemonSetPod) && blocked == 0;
        if (daemonsEvicted && claim.condition(LifecyclePlanner.DAEMONSETS_EVICTED).isEmpty()) {
            return claims.update(claim.withCondition(new Condition(LifecyclePlanner.DAEMONSETS_EVICTED, true, "Evicted", "",
                    clock.instant())), clock.instant());
        }
        return claim;
    }

    /** Terminates the instance, deletes the Node and tombstones the claim; safe to call again at any step. */
    public NodeClaim retire(NodeClaim claim, Node node, String reason) {
        Instant now = clock.instant();
        NodeClaim terminating = claim.phase() == Phase.TERMINATING ? claim
                : claims.update(claim.withPhase(Phase.TERMINATING)
                .withCondition(new Condition("Terminating", true, "Retired", reason, now)), now);
        if (terminating.instanceId() != null) {
            cloud.terminate(terminating.instanceId());
        }
        String nodeName = node != null ? node.name() : terminating.nodeName();
        if (nodeName != null) {
            cluster.deleteNode(nodeName);
        }
        NodeClaim tombstone = claims.update(terminating.toBuilder().phase(Phase.TERMINATED)
                .tombstoneExpiry(now.plus(tombstoneRetention)).build(), now);
        LOG.info("retired NodeClaim {}: {}", claim.name(), reason, nodeClaim(claim.name()));
        return tombstone;
    }
}
