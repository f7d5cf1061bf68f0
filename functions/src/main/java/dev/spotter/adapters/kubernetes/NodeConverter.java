package dev.spotter.adapters.kubernetes;

import dev.spotter.cluster.Node;
import dev.spotter.model.Taint;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.ArrayList;
import java.util.List;

import static dev.spotter.adapters.kubernetes.LabelSelectors.orEmpty;

/** fabric8 nodes as Spotter's {@link Node}. */
final class NodeConverter {
    private NodeConverter() {
    }

    /**
     * @throws IllegalArgumentException naming the node and what in it could not be read
     */
    static Node toNode(io.fabric8.kubernetes.api.model.Node node) {
        ObjectMeta meta = node.getMetadata();
        String name = meta == null ? "<node without metadata>" : meta.getName();
        try {
            NodeSpec spec = node.getSpec() == null ? new NodeSpec() : node.getSpec();
            NodeStatus status = node.getStatus() == null ? new NodeStatus() : node.getStatus();
            return new Node(
                    name,
                    orEmpty(meta.getLabels()),
                    orEmpty(meta.getAnnotations()),
                    taints(spec),
                    PodRequests.resources(status.getCapacity()),
                    PodRequests.resources(status.getAllocatable()),
                    spec.getProviderID(),
                    isReady(status),
                    Boolean.TRUE.equals(spec.getUnschedulable()),
                    PodConverter.timestamp(meta.getCreationTimestamp()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("node " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The node, or when some part of it cannot be read (a resource quantity, a taint) the node as far as it can be
     * read: name, labels, providerID and readiness, no capacity and cordoned, so nothing is planned onto it. A node
     * that exists must never look deleted, or the claim it backs would be retired and a healthy instance terminated.
     */
    static Node toNodeOrPartial(io.fabric8.kubernetes.api.model.Node node, java.util.function.Consumer<String> warn) {
        try {
            return toNode(node);
        } catch (IllegalArgumentException e) {
            ObjectMeta meta = node.getMetadata();
            if (meta == null || meta.getName() == null) {
                throw e;
            }
            warn.accept(e.getMessage());
            NodeSpec spec = node.getSpec() == null ? new NodeSpec() : node.getSpec();
            NodeStatus status = node.getStatus() == null ? new NodeStatus() : node.getStatus();
            return new Node(meta.getName(), orEmpty(meta.getLabels()), orEmpty(meta.getAnnotations()), List.of(),
                    dev.spotter.model.Resources.NONE, dev.spotter.model.Resources.NONE, spec.getProviderID(),
                    isReady(status), true, PodConverter.timestamp(meta.getCreationTimestamp()));
        }
    }

    static List<Taint> taints(NodeSpec spec) {
        List<Taint> taints = new ArrayList<>();
        for (io.fabric8.kubernetes.api.model.Taint taint : orEmpty(spec.getTaints())) {
            taints.add(new Taint(taint.getKey(), taint.getValue(), taint.getEffect()));
        }
        return taints;
    }

    private static boolean isReady(NodeStatus status) {
        for (NodeCondition condition : orEmpty(status.getConditions())) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }
}
