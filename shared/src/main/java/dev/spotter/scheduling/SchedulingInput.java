package dev.spotter.scheduling;

import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Gang;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the placement engine looks at, as a value. {@code instanceTypes} maps a NodeClass name to the instance
 * types it can launch (resolved by the catalog, with allocatable under its kubelet settings and offerings);
 * {@code unavailableOfferings} are offerings that recently failed to launch and must not be planned.
 * Pending pods that already appear on an existing node or an in-flight claim are not provisioned again.
 * {@code gangs} are pods that must start together (see {@link GangsAndPlacementGroups}).
 */
public record SchedulingInput(
        List<Pod> pendingPods,
        List<ExistingNode> nodes,
        List<InFlightClaim> inFlightClaims,
        List<DaemonSet> daemonSets,
        List<NodePool> nodePools,
        List<NodeClass> nodeClasses,
        Map<String, List<InstanceType>> instanceTypes,
        Set<OfferingKey> unavailableOfferings,
        List<Gang> gangs) {

    /** An input without gangs. */
    public SchedulingInput(List<Pod> pendingPods, List<ExistingNode> nodes, List<InFlightClaim> inFlightClaims,
                           List<DaemonSet> daemonSets, List<NodePool> nodePools, List<NodeClass> nodeClasses,
                           Map<String, List<InstanceType>> instanceTypes, Set<OfferingKey> unavailableOfferings) {
        this(pendingPods, nodes, inFlightClaims, daemonSets, nodePools, nodeClasses, instanceTypes, unavailableOfferings, List.of());
    }

    public SchedulingInput {
        gangs = List.copyOf(gangs);
        pendingPods = List.copyOf(pendingPods);
        nodes = List.copyOf(nodes);
        inFlightClaims = List.copyOf(inFlightClaims);
        daemonSets = List.copyOf(daemonSets);
        nodePools = List.copyOf(nodePools);
        nodeClasses = List.copyOf(nodeClasses);
        TreeMap<String, List<InstanceType>> types = new TreeMap<>();
        instanceTypes.forEach((nodeClass, list) -> types.put(nodeClass, List.copyOf(list)));
        instanceTypes = java.util.Collections.unmodifiableSortedMap(types);
        unavailableOfferings = Set.copyOf(unavailableOfferings);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private List<Pod> pendingPods = List.of();
        private List<ExistingNode> nodes = List.of();
        private List<InFlightClaim> inFlightClaims = List.of();
        private List<DaemonSet> daemonSets = List.of();
        private List<NodePool> nodePools = List.of();
        private List<NodeClass> nodeClasses = List.of();
        private Map<String, List<InstanceType>> instanceTypes = Map.of();
        private Set<OfferingKey> unavailableOfferings = Set.of();
        private List<Gang> gangs = List.of();

        public Builder pendingPods(List<Pod> value) { this.pendingPods = value; return this; }
        public Builder nodes(List<ExistingNode> value) { this.nodes = value; return this; }
        public Builder inFlightClaims(List<InFlightClaim> value) { this.inFlightClaims = value; return this; }
        public Builder daemonSets(List<DaemonSet> value) { this.daemonSets = value; return this; }
        public Builder nodePools(List<NodePool> value) { this.nodePools = value; return this; }
        public Builder nodeClasses(List<NodeClass> value) { this.nodeClasses = value; return this; }
        public Builder instanceTypes(Map<String, List<InstanceType>> value) { this.instanceTypes = value; return this; }
        public Builder unavailableOfferings(Set<OfferingKey> value) { this.unavailableOfferings = value; return this; }
        public Builder gangs(List<Gang> value) { this.gangs = value; return this; }

        public SchedulingInput build() {
            return new SchedulingInput(pendingPods, nodes, inFlightClaims, daemonSets, nodePools, nodeClasses, instanceTypes,
                    unavailableOfferings, gangs);
        }
    }
}
