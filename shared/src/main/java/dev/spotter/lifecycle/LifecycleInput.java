package dev.spotter.lifecycle;

import dev.spotter.cloud.CloudInstance;

import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodePool;
import dev.spotter.nodeclaim.NodeClaim;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot for one reconcile tick: the cluster's live NodeClaims, its Nodes and the pods bound to each, the EC2
 * instances tagged for the cluster, the NodePools by name, and for each instance type the extended resources (GPUs,
 * Neuron devices) its node must register before it counts as initialized.
 */
public record LifecycleInput(
        Instant now,
        List<NodeClaim> claims,
        List<Node> nodes,
        Map<String, List<Pod>> podsByNode,
        List<CloudInstance> instances,
        Map<String, NodePool> nodePools,
        Map<String, Set<String>> extendedResourcesByInstanceType) {

    public LifecycleInput {
        claims = List.copyOf(claims);
        nodes = List.copyOf(nodes);
        podsByNode = Map.copyOf(podsByNode);
        instances = List.copyOf(instances);
        nodePools = Map.copyOf(nodePools);
        extendedResourcesByInstanceType = Map.copyOf(extendedResourcesByInstanceType);
    }
}
