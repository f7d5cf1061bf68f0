package dev.spotter.disruption;

import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodDisruptionBudget;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The snapshot one disruption decision is computed from, as a value. {@code nodes} are the cluster's live
 * NodeClaims with their Nodes and pods; {@code nodePoolHashes} the current template hash of each NodePool (by name,
 * see {@link TemplateHash}); {@code nodeClassStatus} what each EC2NodeClass resolves to now (by name);
 * {@code instanceTypes} what each NodeClass can launch (by NodeClass name, as for the placement engine) with offerings
 * and prices; {@code unavailableOfferings} offerings that recently failed to launch; {@code recentMoves} when each
 * workload ({@link Workloads#key}) last had pods moved by a disruption, for the anti-churn cool-down.
 */
public record DisruptionInput(
        Instant now,
        List<StateNode> nodes,
        List<Pod> pendingPods,
        List<PodDisruptionBudget> podDisruptionBudgets,
        List<DaemonSet> daemonSets,
        List<NodePool> nodePools,
        Map<String, String> nodePoolHashes,
        List<NodeClass> nodeClasses,
        Map<String, NodeClassStatus> nodeClassStatus,
        Map<String, List<InstanceType>> instanceTypes,
        Set<OfferingKey> unavailableOfferings,
        Map<String, Instant> recentMoves) {

    public DisruptionInput {
        nodes = List.copyOf(nodes);
        pendingPods = List.copyOf(pendingPods);
        podDisruptionBudgets = List.copyOf(podDisruptionBudgets);
        daemonSets = List.copyOf(daemonSets);
        nodePools = List.copyOf(nodePools);
        nodePoolHashes = Collections.unmodifiableSortedMap(new TreeMap<>(nodePoolHashes));
        nodeClasses = List.copyOf(nodeClasses);
        nodeClassStatus = Collections.unmodifiableSortedMap(new TreeMap<>(nodeClassStatus));
        TreeMap<String, List<InstanceType>> types = new TreeMap<>();
        instanceTypes.forEach((nodeClass, list) -> types.put(nodeClass, List.copyOf(list)));
        instanceTypes = Collections.unmodifiableSortedMap(types);
        unavailableOfferings = Set.copyOf(unavailableOfferings);
        recentMoves = Collections.unmodifiableSortedMap(new TreeMap<>(recentMoves));
    }

    public static Builder builder(Instant now) {
        return new Builder(now);
    }

    public static final class Builder {
        private final Instant now;
        private List<StateNode> nodes = List.of();
        private List<Pod> pendingPods = List.of();
        private List<PodDisruptionBudget> podDisruptionBudgets = List.of();
        private List<DaemonSet> daemonSets = List.of();
        private List<NodePool> nodePools = List.of();
        private Map<String, String> nodePoolHashes = Map.of();
        private List<NodeClass> nodeClasses = List.of();
        private Map<String, NodeClassStatus> nodeClassStatus = Map.of();
        private Map<String, List<InstanceType>> instanceTypes = Map.of();
        private Set<OfferingKey> unavailableOfferings = Set.of();
        private Map<String, Instant> recentMoves = Map.of();

        private Builder(Instant now) {
            this.now = now;
        }

        public Builder nodes(List<StateNode> value) { this.nodes = value; return this; }
        public Builder pendingPods(List<Pod> value) { this.pendingPods = value; return this; }
        public Builder podDisruptionBudgets(List<PodDisruptionBudget> value) { this.podDisruptionBudgets = value; return this; }
        public Builder daemonSets(List<DaemonSet> value) { this.daemonSets = value; return this; }
        public Builder nodePools(List<NodePool> value) { this.nodePools = value; return this; }
        public Builder nodePoolHashes(Map<String, String> value) { this.nodePoolHashes = value; return this; }
        public Builder nodeClasses(List<NodeClass> value) { this.nodeClasses = value; return this; }
        public Builder nodeClassStatus(Map<String, NodeClassStatus> value) { this.nodeClassStatus = value; return this; }
        public Builder instanceTypes(Map<String, List<InstanceType>> value) { this.instanceTypes = value; return this; }
        public Builder unavailableOfferings(Set<OfferingKey> value) { this.unavailableOfferings = value; return this; }
        public Builder recentMoves(Map<String, Instant> value) { this.recentMoves = value; return this; }

        public DisruptionInput build() {
            return new DisruptionInput(now, nodes, pendingPods, podDisruptionBudgets, daemonSets, nodePools, nodePoolHashes,
                    nodeClasses, nodeClassStatus, instanceTypes, unavailableOfferings, recentMoves);
        }
    }
}
