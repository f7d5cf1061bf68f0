package dev.spotter.scheduling;

import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodePool;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;
import dev.spotter.model.Toleration;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Existing capacity as targets: schedulable nodes (taints that only say a node is starting left out) and in-flight
 * claims, each with what its pods and the DaemonSet pods still to come use, the NodePool it counts against, and the
 * pods already bound to it for topology counts.
 */
final class NodeTargetCompiler {
    /** Taints that only say a node is still starting; Karpenter ignores them when counting in-flight capacity. */
    private static final Set<String> EPHEMERAL_TAINTS = Set.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable",
            "node.cloudprovider.kubernetes.io/uninitialized", WellKnownLabels.UNREGISTERED_TAINT_KEY);

    private final SchedulingInput input;
    private final ResourceIndex resources;
    private final Zones zones;
    private final List<PoolModel> pools;
    private final List<NodeTarget> nodeTargets;
    private final Map<NodeTarget, Integer> nodeTargetPool;
    private final Map<NodeTarget, long[]> nodeTargetCapacity;
    private final Map<NodeTarget, List<Pod>> boundPods;
    private final Set<String> existingClaimNames;

    NodeTargetCompiler(Problem problem) {
        this.input = problem.input;
        this.resources = problem.resources;
        this.zones = problem.zones;
        this.pools = problem.pools;
        this.nodeTargets = problem.nodeTargets;
        this.nodeTargetPool = problem.nodeTargetPool;
        this.nodeTargetCapacity = problem.nodeTargetCapacity;
        this.boundPods = problem.boundPods;
        this.existingClaimNames = problem.existingClaimNames;
    }

    void compile() {
        List<ExistingNode> nodes = new ArrayList<>(input.nodes());
        nodes.sort(Comparator.comparing(ExistingNode::name));
        Map<String, Integer> poolIndex = new HashMap<>();
        pools.forEach(p -> poolIndex.put(p.name, p.index));
        Map<String, NodePool> poolsByName = new HashMap<>();
        input.nodePools().forEach(p -> poolsByName.put(p.name(), p));
        for (ExistingNode node : nodes) {
            if (node.node().unschedulable()) {
                continue;
            }
            Map<String, String> labels = node.node().labels();
            NodePool owner = poolsByName.get(labels.get(WellKnownLabels.NODEPOOL));
            List<Taint> taints = new ArrayList<>();
            for (Taint taint : node.node().taints()) {
                boolean startup = owner != null && !node.node().ready() && owner.startupTaints().stream().anyMatch(t -> t.key().equals(taint.key()));
                if (!EPHEMERAL_TAINTS.contains(taint.key()) && !startup) {
                    taints.add(taint);
                }
            }
            NodeTarget target = nodeTarget(node.name(), false, labels, taints, node.node().allocatable(), node.pods());
            register(target, labels, poolIndex, node.node().capacity(), node.pods());
        }
        List<InFlightClaim> claims = new ArrayList<>(input.inFlightClaims());
        claims.sort(Comparator.comparing(InFlightClaim::name));
        for (InFlightClaim claim : claims) {
            existingClaimNames.add(claim.name());
            NodeTarget target = nodeTarget(claim.name(), true, claim.labels(), claim.taints(), claim.allocatable(), claim.pods());
            Map<String, String> labels = new TreeMap<>(claim.labels());
            labels.putIfAbsent(WellKnownLabels.NODEPOOL, claim.nodePool());
            register(target, labels, poolIndex, claim.capacity(), claim.pods());
        }
    }

    private NodeTarget nodeTarget(String name, boolean inFlight, Map<String, String> labels, List<Taint> taints, Resources allocatable,
                                  List<Pod> bound) {
        String zone = labels.get(WellKnownLabels.ZONE);
        long zoneMask = zone == null || zones.indexOf(zone) < 0 ? 0 : 1L << zones.indexOf(zone);
        String ct = labels.get(WellKnownLabels.CAPACITY_TYPE);
        int ctMask = WellKnownLabels.SPOT.equals(ct) ? 1 << Zones.SPOT : WellKnownLabels.ON_DEMAND.equals(ct) ? 1 << Zones.ON_DEMAND : 0;
        NodeTarget target = new NodeTarget(nodeTargets.size(), name, inFlight, labels, taints, resources.allocatable(allocatable),
                zoneMask, ctMask);
        Set<String> presentDaemonSets = new HashSet<>();
        for (Pod pod : bound) {
            ResourceIndex.add(target.used, resources.requests(pod.requests()));
            if (pod.isDaemonSetPod()) {
                presentDaemonSets.add(pod.namespace() + "/" + pod.ownerName());
            }
        }
        // DaemonSet pods not on the node yet will be: count them as used (Karpenter's remaining daemon resources)
        for (DaemonSet daemonSet : input.daemonSets()) {
            if (presentDaemonSets.contains(daemonSet.namespace() + "/" + daemonSet.name())) {
                continue;
            }
            Pod template = daemonSet.template();
            if (Toleration.firstUntolerated(taints, template.tolerations()) != null) {
                continue;
            }
            boolean admitted = PoolCompiler.strictTerms(template).stream()
                    .anyMatch(terms -> target.labelRequirements.incompatibilityWith(terms, Set.of()).isEmpty());
            if (admitted) {
                ResourceIndex.add(target.used, resources.requests(template.requests()));
            }
        }
        return target;
    }

    private void register(NodeTarget target, Map<String, String> labels, Map<String, Integer> poolIndex, Resources capacity, List<Pod> bound) {
        nodeTargets.add(target);
        nodeTargetPool.put(target, poolIndex.getOrDefault(labels.get(WellKnownLabels.NODEPOOL), -1));
        nodeTargetCapacity.put(target, resources.vector(capacity));
        boundPods.put(target, bound);
    }
}
