package dev.spotter.config;

import java.util.List;
import java.util.Optional;

/**
 * The Karpenter configuration Spotter runs with: NodePools, EC2NodeClasses and NodeOverlays, every nodeClassRef resolved, plus
 * what was tolerated while reading them.
 */
public record SpotterConfig(List<NodePool> nodePools, List<NodeClass> nodeClasses, List<NodeOverlay> nodeOverlays,
                            List<ConfigWarning> warnings) {
    public SpotterConfig {
        nodePools = List.copyOf(nodePools);
        nodeClasses = List.copyOf(nodeClasses);
        nodeOverlays = List.copyOf(nodeOverlays);
        warnings = List.copyOf(warnings);
    }

    /** A configuration without NodeOverlays. */
    public SpotterConfig(List<NodePool> nodePools, List<NodeClass> nodeClasses, List<ConfigWarning> warnings) {
        this(nodePools, nodeClasses, List.of(), warnings);
    }

    public Optional<NodePool> nodePool(String name) {
        return nodePools.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<NodeClass> nodeClass(String name) {
        return nodeClasses.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The EC2NodeClass a NodePool launches with (always present in a loaded config). */
    public NodeClass nodeClassOf(NodePool pool) {
        return nodeClass(pool.nodeClassName()).orElseThrow(() ->
                new IllegalStateException("NodePool " + pool.name() + " references missing EC2NodeClass " + pool.nodeClassName()));
    }
}
