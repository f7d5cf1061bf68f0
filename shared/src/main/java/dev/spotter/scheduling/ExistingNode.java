package dev.spotter.scheduling;

import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;

import java.util.List;

/**
 * A node already in the cluster and the pods bound to it. Pending pods fill its allocatable less what its pods
 * request; its pods count for topology spread and pod (anti-)affinity. A cordoned node takes no new pods.
 */
public record ExistingNode(Node node, List<Pod> pods) {
    public ExistingNode {
        pods = List.copyOf(pods);
    }

    public String name() {
        return node.name();
    }
}
