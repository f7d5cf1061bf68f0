package dev.spotter.adapters.ec2;

import dev.spotter.catalog.CapacityType;
import dev.spotter.config.NodePool;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.Taint;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The labels and taints a node registers with. They depend on the NodePool, EC2NodeClass and capacity type only, so
 * one launch template serves all of a NodePool's claims; the NodeClaim's own name travels in the instance's
 * karpenter.sh/nodeclaim tag instead (see docs/ec2-launch.md).
 */
final class NodeLabels {
    /** Karpenter's labels of a node in a capacity reservation. */
    static final String CAPACITY_RESERVATION_ID = "karpenter.k8s.aws/capacity-reservation-id";
    static final String CAPACITY_RESERVATION_TYPE = "karpenter.k8s.aws/capacity-reservation-type";
    private static final Set<String> ALLOWED_KUBERNETES_DOMAINS = Set.of("node.kubernetes.io", "node-restriction.kubernetes.io",
            "kops.k8s.io");

    private NodeLabels() {
    }

    static Map<String, String> labels(NodePool pool, String nodeClass, CapacityType capacityType) {
        Map<String, String> labels = new TreeMap<>();
        for (Requirement requirement : pool.requirements().all()) {
            if (requirement.operator() == Operator.IN && requirement.values().size() == 1
                    && !WellKnownLabels.WELL_KNOWN.contains(requirement.key())) {
                labels.put(requirement.key(), requirement.values().iterator().next());
            }
        }
        labels.putAll(pool.labels());
        labels.put(WellKnownLabels.NODEPOOL, pool.name());
        labels.put(WellKnownLabels.CAPACITY_TYPE, capacityType.label());
        labels.put(WellKnownLabels.EC2NODECLASS, nodeClass);
        labels.keySet().removeIf(NodeLabels::isRestricted);
        return labels;
    }

    /** The kubelet may not set labels in the kubernetes.io and k8s.io domains, bar a few (NodeRestriction). */
    static boolean isRestricted(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String domain = key.substring(0, slash);
        for (String allowed : ALLOWED_KUBERNETES_DOMAINS) {
            if (domain.equals(allowed) || domain.endsWith("." + allowed)) {
                return false;
            }
        }
        return domain.equals("kubernetes.io") || domain.endsWith(".kubernetes.io")
                || domain.equals("k8s.io") || domain.endsWith(".k8s.io");
    }

    /** karpenter.sh/unregistered:NoExecute (lifted at registration), then the NodePool's taints and startup taints. */
    static List<Taint> taints(NodePool pool) {
        List<Taint> taints = new ArrayList<>();
        taints.add(new Taint(WellKnownLabels.UNREGISTERED_TAINT_KEY, "", Taint.NO_EXECUTE));
        taints.addAll(pool.taints());
        taints.addAll(pool.startupTaints());
        return taints;
    }
}
