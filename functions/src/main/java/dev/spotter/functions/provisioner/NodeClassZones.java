package dev.spotter.functions.provisioner;

import dev.spotter.cloud.CloudProvider;
import dev.spotter.config.NodeClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The zones each EC2NodeClass can launch in, asked of the cloud once per NodeClass and kept for one pass (or one
 * tick): its plans and launches then agree on the zones, and subnets added later are seen by the next pass.
 */
public final class NodeClassZones {
    private static final Logger LOG = LoggerFactory.getLogger(NodeClassZones.class);

    private final Function<NodeClass, Set<String>> lookup;
    private final Map<NodeClass, Set<String>> byNodeClass = new HashMap<>();

    public NodeClassZones(Function<NodeClass, Set<String>> lookup) {
        this.lookup = lookup;
    }

    /** A fresh cache over the cloud's answers. */
    public static NodeClassZones of(CloudProvider cloud) {
        return new NodeClassZones(cloud::zones);
    }

    /** The NodeClass's zones; empty when it selects no subnet. */
    public synchronized Set<String> of(NodeClass nodeClass) {
        return byNodeClass.computeIfAbsent(nodeClass, this::lookUp);
    }

    private Set<String> lookUp(NodeClass nodeClass) {
        Set<String> zones = Set.copyOf(lookup.apply(nodeClass));
        if (zones.isEmpty()) {
            LOG.warn("EC2NodeClass {} selects no subnet: nothing of it can launch until its subnetSelectorTerms match one",
                    nodeClass.name());
        }
        return zones;
    }
}
