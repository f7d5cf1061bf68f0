package dev.spotter.functions.provisioner;

import dev.spotter.cluster.ClusterApi;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.lifecycle.DrainOrder;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.scheduling.ExistingNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cluster as one provisioning pass sees it. Nodes are read before pods, as Karpenter does, so a pod bound to a
 * node that joined in between is never counted twice. Nodes that are being disrupted (their claim is draining, or
 * they carry the disrupted taint) offer no room, and their pods count as pending: their replacement is planned now,
 * not after the eviction. A pod already terminating is not displaced: its workload's replacement is pending itself.
 */
public record ClusterSnapshot(List<ExistingNode> nodes, List<Pod> pendingPods, List<DaemonSet> daemonSets) {

    public static ClusterSnapshot read(ClusterApi cluster, List<NodeClaim> activeClaims) {
        List<Node> nodes = cluster.listNodes();
        List<Pod> bound = cluster.listBoundPods();
        List<Pod> unschedulable = cluster.listUnschedulablePods();
        List<DaemonSet> daemonSets = cluster.listDaemonSets();
        Set<String> disrupted = disruptedNodeNames(nodes, activeClaims);

        Map<String, List<Pod>> podsByNode = new TreeMap<>();
        for (Pod pod : bound) {
            podsByNode.computeIfAbsent(pod.nodeName(), name -> new ArrayList<>()).add(pod);
        }
        List<ExistingNode> existing = new ArrayList<>();
        Map<String, Pod> pending = new LinkedHashMap<>();
        unschedulable.forEach(pod -> pending.put(pod.key(), pod));
        for (Node node : nodes) {
            List<Pod> pods = podsByNode.getOrDefault(node.name(), List.of());
            if (disrupted.contains(node.name())) {
                pods.stream().filter(pod -> !pod.isDaemonSetPod() && !pod.terminating() && DrainOrder.isDrainable(pod))
                        .forEach(pod -> pending.putIfAbsent(pod.key(), pod.toBuilder().nodeName("").build()));
            } else {
                existing.add(new ExistingNode(node, pods));
            }
        }
        return new ClusterSnapshot(existing, List.copyOf(pending.values()), daemonSets);
    }

    private static Set<String> disruptedNodeNames(List<Node> nodes, List<NodeClaim> activeClaims) {
        Set<String> draining = new HashSet<>();
        for (NodeClaim claim : activeClaims) {
            if ((claim.phase() == Phase.DRAINING || claim.phase() == Phase.TERMINATING) && claim.nodeName() != null) {
                draining.add(claim.nodeName());
            }
        }
        for (Node node : nodes) {
            if (node.taints().stream().anyMatch(t -> t.key().equals(WellKnownLabels.DISRUPTED_TAINT_KEY))) {
                draining.add(node.name());
            }
        }
        return draining;
    }
}
