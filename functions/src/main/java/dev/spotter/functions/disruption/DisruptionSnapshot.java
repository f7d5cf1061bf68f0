package dev.spotter.functions.disruption;

import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cluster.ClusterApi;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;
import dev.spotter.config.SpotterConfig;
import dev.spotter.disruption.DisruptionInput;
import dev.spotter.disruption.LaunchedWith;
import dev.spotter.disruption.StateNode;
import dev.spotter.disruption.TemplateHash;
import dev.spotter.functions.provisioner.InstanceTypeSource;
import dev.spotter.functions.provisioner.NodeClassZones;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.nodeclaim.DisruptionRecord;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the disruption planner's snapshot from what the tick reads anyway: the live NodeClaims, the Nodes, the bound
 * and pending pods, PodDisruptionBudgets and DaemonSets (one list call each), the NodePools and NodeClasses with their
 * template hashes, and the instance types each NodeClass can launch now.
 *
 * <p>Not known here, so left empty: what each claim was launched with (drift by AMI, subnet or security group needs
 * it), the NodeClasses' resolved status, nominations, and the recent moves of the anti-churn cool-down.
 */
public final class DisruptionSnapshot {
    private final ClusterApi cluster;
    private final InstanceTypeSource instanceTypes;

    public DisruptionSnapshot(ClusterApi cluster, InstanceTypeSource instanceTypes) {
        this.cluster = cluster;
        this.instanceTypes = instanceTypes;
    }

    public DisruptionInput read(Instant now, List<NodeClaim> claims, SpotterConfig config, NodeClassZones zones,
                                Set<OfferingKey> unavailable) {
        List<Node> nodes = cluster.listNodes();
        Map<String, List<Pod>> podsByNode = new HashMap<>();
        for (Pod pod : cluster.listBoundPods()) {
            podsByNode.computeIfAbsent(pod.nodeName(), name -> new ArrayList<>()).add(pod);
        }
        Map<String, Node> byName = new HashMap<>();
        Map<String, Node> byInstance = new HashMap<>();
        for (Node node : nodes) {
            byName.put(node.name(), node);
            if (!node.instanceId().isEmpty()) {
                byInstance.put(node.instanceId(), node);
            }
        }
        List<Pod> pending = cluster.listUnschedulablePods();
        Set<String> awaiting = awaitingPlacement(pending, claims, byName, podsByNode);
        List<StateNode> stateNodes = new ArrayList<>();
        claims.stream()
                .filter(claim -> claim.phase() != Phase.PROPOSED && !claim.phase().isTerminal())
                .sorted(Comparator.comparing(NodeClaim::name))
                .forEach(claim -> {
                    Node node = claim.instanceId() != null && byInstance.containsKey(claim.instanceId())
                            ? byInstance.get(claim.instanceId())
                            : claim.nodeName() == null ? null : byName.get(claim.nodeName());
                    List<Pod> pods = node == null ? List.of() : podsByNode.getOrDefault(node.name(), List.of());
                    boolean nominated = claim.pods().stream().anyMatch(awaiting::contains);
                    stateNodes.add(new StateNode(claim, node, pods, LaunchedWith.UNKNOWN, lastPodEvent(claim, node, pods),
                            nominated, isDisrupting(claim, node)));
                });
        Map<String, String> poolHashes = new TreeMap<>();
        for (NodePool pool : config.nodePools()) {
            poolHashes.put(pool.name(), TemplateHash.of(pool));
        }
        Map<String, List<InstanceType>> types = new TreeMap<>();
        for (NodeClass nodeClass : config.nodeClasses()) {
            types.put(nodeClass.name(), instanceTypes.forNodeClass(nodeClass, zones.of(nodeClass), unavailable));
        }
        return DisruptionInput.builder(now)
                .nodes(stateNodes)
                .pendingPods(pending)
                .podDisruptionBudgets(cluster.listPodDisruptionBudgets())
                .daemonSets(cluster.listDaemonSets())
                .nodePools(config.nodePools())
                .nodePoolHashes(poolHashes)
                .nodeClasses(config.nodeClasses())
                .instanceTypes(types)
                .unavailableOfferings(unavailable)
                .build();
    }

    /**
     * Draining, terminating, tainted karpenter.sh/disrupted, or in a command past its validation: it counts against
     * budgets and is no candidate. A candidate of a command still Proposed is not: the command is validated on this
     * snapshot.
     */
    static boolean isDisrupting(NodeClaim claim, Node node) {
        if (claim.phase() == Phase.DRAINING || claim.phase() == Phase.TERMINATING) {
            return true;
        }
        DisruptionRecord record = claim.disruption();
        if (record != null && record.role() == DisruptionRecord.Role.CANDIDATE
                && record.stage() != DisruptionRecord.Stage.PROPOSED) {
            return true;
        }
        return node != null && node.taints().stream()
                .anyMatch(taint -> WellKnownLabels.DISRUPTED_TAINT_KEY.equals(taint.key()));
    }

    /**
     * The pods still on their way to a node: pending ones, and those on nodes being disrupted. A claim planned for one
     * of them (a new claim, a disruption's replacement) is nominated, as Karpenter nominates a node to the pods the
     * provisioner placed there: it is not a candidate while it waits for them (else a replacement would look empty).
     */
    private static Set<String> awaitingPlacement(List<Pod> pending, List<NodeClaim> claims, Map<String, Node> nodes,
                                                 Map<String, List<Pod>> podsByNode) {
        Set<String> awaiting = new java.util.HashSet<>();
        pending.forEach(pod -> awaiting.add(pod.key()));
        for (NodeClaim claim : claims) {
            Node node = claim.nodeName() == null ? null : nodes.get(claim.nodeName());
            if (node != null && isDisrupting(claim, node)) {
                podsByNode.getOrDefault(node.name(), List.of()).forEach(pod -> awaiting.add(pod.key()));
            }
        }
        return awaiting;
    }

    /** The newest pod's creation on the node, else the node's, else the claim's. */
    private static Instant lastPodEvent(NodeClaim claim, Node node, List<Pod> pods) {
        return pods.stream().map(Pod::createdAt).filter(Objects::nonNull).max(Comparator.naturalOrder())
                .orElseGet(() -> node != null && node.createdAt() != null ? node.createdAt() : claim.createdAt());
    }
}
