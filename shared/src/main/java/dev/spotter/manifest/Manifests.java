package dev.spotter.manifest;

import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.config.ConfigWarning;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;

import java.util.List;

/** What a set of Kubernetes manifests holds that Spotter cares about, in document order, with what was tolerated. */
public record Manifests(
        List<NodePool> nodePools,
        List<NodeClass> nodeClasses,
        List<Pod> pods,
        List<Node> nodes,
        List<DaemonSet> daemonSets,
        List<ConfigWarning> warnings) {

    public Manifests {
        nodePools = List.copyOf(nodePools);
        nodeClasses = List.copyOf(nodeClasses);
        pods = List.copyOf(pods);
        nodes = List.copyOf(nodes);
        daemonSets = List.copyOf(daemonSets);
        warnings = List.copyOf(warnings);
    }

    /** The pods not bound to a node. */
    public List<Pod> pendingPods() {
        return pods.stream().filter(Pod::isPending).toList();
    }
}
