package dev.spotter.cli;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;
import dev.spotter.disruption.DisruptionInput;
import dev.spotter.disruption.LaunchedWith;
import dev.spotter.disruption.NodeClassStatus;
import dev.spotter.disruption.StateNode;
import dev.spotter.manifest.Manifests;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns manifests into a disruption snapshot. A Node carrying {@code karpenter.sh/nodepool} is a Spotter/Karpenter
 * node: its NodeClaim is rebuilt from the well-known labels (instance type, capacity type, zone), its age from
 * metadata.creationTimestamp, its launch hashes from Karpenter's annotations ({@code karpenter.sh/nodepool-hash},
 * {@code karpenter.k8s.aws/ec2nodeclass-hash}), its price from the catalog. Other Nodes only take moved pods. Bound
 * pods are those with spec.nodeName; the last pod event on a node is the newest creationTimestamp of its pods (the
 * node's when it has none). NodePool and EC2NodeClass hashes are read from the same annotations on those objects;
 * without them, hashes do not drift. A node tainted {@code karpenter.sh/disrupted} is already being disrupted.
 */
final class DisruptInput {
    static final String NODEPOOL_HASH = "karpenter.sh/nodepool-hash";
    static final String NODECLASS_HASH = "karpenter.k8s.aws/ec2nodeclass-hash";

    private DisruptInput() {
    }

    static DisruptionInput of(Manifests manifests, Map<String, List<InstanceType>> instanceTypes, Instant now) {
        Map<String, NodePool> pools = new TreeMap<>();
        manifests.nodePools().forEach(p -> pools.put(p.name(), p));
        Map<String, List<Pod>> bound = new TreeMap<>();
        List<Pod> pending = new ArrayList<>();
        for (Pod pod : manifests.pods()) {
            if (pod.isPending()) {
                pending.add(pod);
            } else {
                bound.computeIfAbsent(pod.nodeName(), n -> new ArrayList<>()).add(pod);
            }
        }
        List<StateNode> nodes = new ArrayList<>();
        for (Node node : manifests.nodes()) {
            List<Pod> pods = bound.getOrDefault(node.name(), List.of());
            Instant last = node.createdAt();
            for (Pod pod : pods) {
                if (pod.createdAt() != null && (last == null || pod.createdAt().isAfter(last))) {
                    last = pod.createdAt();
                }
            }
            boolean disrupting = node.taints().stream().anyMatch(t -> t.key().equals(WellKnownLabels.DISRUPTED_TAINT_KEY));
            NodeClaim claim = claim(node, pools, instanceTypes);
            LaunchedWith launched = new LaunchedWith(node.annotations().get(NODEPOOL_HASH), node.annotations().get(NODECLASS_HASH),
                    "", "", Set.of());
            nodes.add(new StateNode(claim, node, pods, launched, last, false, disrupting));
        }
        Map<String, String> poolHashes = new TreeMap<>();
        for (NodePool pool : manifests.nodePools()) {
            String hash = manifests.objectAnnotations().getOrDefault("NodePool/" + pool.name(), Map.of()).get(NODEPOOL_HASH);
            if (hash != null) {
                poolHashes.put(pool.name(), hash);
            }
        }
        Map<String, NodeClassStatus> status = new TreeMap<>();
        for (NodeClass nodeClass : manifests.nodeClasses()) {
            String hash = manifests.objectAnnotations().getOrDefault("EC2NodeClass/" + nodeClass.name(), Map.of()).get(NODECLASS_HASH);
            status.put(nodeClass.name(), new NodeClassStatus(nodeClass.name(), hash, Set.of(), Set.of(), Set.of()));
        }
        return DisruptionInput.builder(now)
                .nodes(nodes)
                .pendingPods(pending)
                .podDisruptionBudgets(manifests.podDisruptionBudgets())
                .daemonSets(manifests.daemonSets())
                .nodePools(manifests.nodePools())
                .nodePoolHashes(poolHashes)
                .nodeClasses(manifests.nodeClasses())
                .nodeClassStatus(status)
                .instanceTypes(instanceTypes)
                .build();
    }

    /** The NodeClaim a Karpenter node stands for (an unmanaged node gets one with no NodePool and no price). */
    private static NodeClaim claim(Node node, Map<String, NodePool> pools, Map<String, List<InstanceType>> instanceTypes) {
        Map<String, String> labels = node.labels();
        String poolName = labels.get(WellKnownLabels.NODEPOOL);
        NodeClaim.Builder claim = NodeClaim.builder()
                .name(labels.getOrDefault(WellKnownLabels.NODECLAIM, node.name()))
                .nodeName(node.name())
                .providerId(node.providerId())
                .createdAt(node.createdAt())
                .phase(Phase.INITIALIZED);
        if (poolName == null) {
            return claim.nodePool("").build();
        }
        Object where = "Node/" + node.name() + ": metadata.labels";
        String type = labels.get(WellKnownLabels.INSTANCE_TYPE);
        if (type == null) {
            throw new UsageException(where + ": a node of NodePool " + poolName + " needs label " + WellKnownLabels.INSTANCE_TYPE);
        }
        CapacityType capacityType;
        try {
            capacityType = CapacityType.fromLabel(labels.getOrDefault(WellKnownLabels.CAPACITY_TYPE, ""));
        } catch (IllegalArgumentException e) {
            throw new UsageException(where + "." + WellKnownLabels.CAPACITY_TYPE + ": " + e.getMessage(), e);
        }
        String zone = labels.getOrDefault(WellKnownLabels.ZONE, "");
        claim.nodePool(poolName).instanceType(type).instanceTypes(List.of(type)).capacityType(capacityType).zone(zone)
                .zones(zone.isEmpty() ? List.of() : List.of(zone));
        NodePool pool = pools.get(poolName);
        if (pool == null) {
            return claim.build();
        }
        claim.nodeClass(pool.nodeClassName());
        for (InstanceType candidate : instanceTypes.getOrDefault(pool.nodeClassName(), List.of())) {
            if (!candidate.name().equals(type)) {
                continue;
            }
            double price = Double.NaN;
            for (Offering offering : candidate.offerings()) {
                if (offering.capacityType() == capacityType && (zone.isEmpty() || offering.zone().equals(zone))) {
                    price = Double.isNaN(price) ? offering.pricePerHour() : Math.min(price, offering.pricePerHour());
                }
            }
            if (!Double.isNaN(price)) {
                claim.price(price);
                return claim.build();
            }
        }
        throw new UsageException(where + ": instance type " + type + " (" + capacityType.label() + (zone.isEmpty() ? "" : ", " + zone)
                + ") has no offering in the catalog for EC2NodeClass " + pool.nodeClassName());
    }
}
