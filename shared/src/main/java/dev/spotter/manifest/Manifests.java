package dev.spotter.manifest;

import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Gang;
import dev.spotter.cluster.Gangs;
import dev.spotter.cluster.PodGroup;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodDisruptionBudget;
import dev.spotter.config.ConfigWarning;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodeOverlay;
import dev.spotter.config.NodePool;

import java.util.List;
import java.util.Map;

/**
 * What a set of Kubernetes manifests holds that Spotter cares about, in document order, with what was tolerated.
 * {@code objectAnnotations} holds the metadata annotations of each NodePool and EC2NodeClass, keyed "NodePool/name" and
 * "EC2NodeClass/name" (Karpenter keeps its drift hashes there).
 */
public record Manifests(
        List<NodePool> nodePools,
        List<NodeClass> nodeClasses,
        List<Pod> pods,
        List<Node> nodes,
        List<DaemonSet> daemonSets,
        List<PodDisruptionBudget> podDisruptionBudgets,
        Map<String, Map<String, String>> objectAnnotations,
        List<NodeOverlay> nodeOverlays,
        List<PodGroup> podGroups,
        List<ConfigWarning> warnings) {

    /** Manifests without PodDisruptionBudgets, annotations, NodeOverlays nor PodGroups. */
    public Manifests(List<NodePool> nodePools, List<NodeClass> nodeClasses, List<Pod> pods, List<Node> nodes,
                     List<DaemonSet> daemonSets, List<ConfigWarning> warnings) {
        this(nodePools, nodeClasses, pods, nodes, daemonSets, List.of(), Map.of(), List.of(), List.of(), warnings);
    }

    public Manifests {
        nodePools = List.copyOf(nodePools);
        nodeClasses = List.copyOf(nodeClasses);
        pods = List.copyOf(pods);
        nodes = List.copyOf(nodes);
        daemonSets = List.copyOf(daemonSets);
        podDisruptionBudgets = List.copyOf(podDisruptionBudgets);
        objectAnnotations = Map.copyOf(objectAnnotations);
        nodeOverlays = List.copyOf(nodeOverlays);
        podGroups = List.copyOf(podGroups);
        warnings = List.copyOf(warnings);
    }

    /** The gangs of the pods (coscheduling PodGroups and Kueue pod groups; see {@link Gangs}). */
    public List<Gang> gangs() {
        return Gangs.of(pods, podGroups);
    }

    /** The pods not bound to a node. */
    public List<Pod> pendingPods() {
        return pods.stream().filter(Pod::isPending).toList();
    }
}
