package dev.spotter.disruption;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.config.Disruption;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.scheduling.Fixtures;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small clusters for disruption tests: the m5/c5/r5 types of the scheduling fixtures, nodes with their pods. */
final class Clusters {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Instant LONG_AGO = NOW.minus(Duration.ofHours(5));
    static final List<InstanceType> TYPES = Fixtures.generalTypes();

    private Clusters() {
    }

    static InstanceType type(String name) {
        return TYPES.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    static NodePool pool(String name, Disruption disruption) {
        return pool(name, disruption, null, null, Requirements.of(Fixtures.spotAndOnDemand()));
    }

    static NodePool pool(String name, Disruption disruption, Duration expireAfter, Duration terminationGracePeriod,
                         Requirements requirements) {
        return new NodePool(name, "default", Map.of(), Map.of(), requirements, List.of(), List.of(), expireAfter,
                terminationGracePeriod, disruption, Resources.NONE, 0);
    }

    static Disruption disruption(String policy, Duration after, Disruption.Budget... budgets) {
        return new Disruption(policy, after, List.of(budgets));
    }

    static Disruption.Budget budget(String nodes) {
        return new Disruption.Budget(nodes, "", null, List.of());
    }

    static Pod pod(String name, long cpuMillis, long memoryGi) {
        return Fixtures.pod(name, cpuMillis, memoryGi).owner("ReplicaSet", "rs-" + name).createdAt(LONG_AGO).build();
    }

    static double price(String type, CapacityType capacityType) {
        for (Offering offering : type(type).offerings()) {
            if (offering.capacityType() == capacityType && offering.zone().equals("us-east-1a")) {
                return offering.pricePerHour();
            }
        }
        throw new IllegalArgumentException(type);
    }

    static StateNode node(String name, String pool, String typeName, CapacityType capacityType, List<Pod> pods) {
        return node(name, pool, typeName, capacityType, pods, Map.of(), LaunchedWith.UNKNOWN, LONG_AGO);
    }

    static StateNode node(String name, String pool, String typeName, CapacityType capacityType, List<Pod> pods,
                          Map<String, String> annotations, LaunchedWith launchedWith, Instant lastPodEvent) {
        InstanceType type = type(typeName);
        Map<String, String> labels = new TreeMap<>();
        for (Requirement requirement : type.requirements().all()) {
            if (!requirement.isComplement() && requirement.values().size() == 1) {
                labels.put(requirement.key(), requirement.values().iterator().next());
            }
        }
        labels.put(WellKnownLabels.NODEPOOL, pool);
        labels.put(WellKnownLabels.CAPACITY_TYPE, capacityType.label());
        labels.put(WellKnownLabels.ZONE, "us-east-1a");
        labels.put(WellKnownLabels.HOSTNAME, name);
        Node node = new Node(name, labels, annotations, List.of(), type.capacity(), type.allocatable(), "aws:///us-east-1a/i-" + name,
                true, false, LONG_AGO);
        List<Pod> bound = new ArrayList<>();
        pods.forEach(p -> bound.add(p.toBuilder().nodeName(name).build()));
        NodeClaim claim = NodeClaim.builder().name("claim-" + name).cluster("test").nodePool(pool).nodeClass("default")
                .instanceType(typeName).instanceTypes(List.of(typeName)).capacityType(capacityType).zone("us-east-1a")
                .zones(List.of("us-east-1a")).price(price(typeName, capacityType)).nodeName(name).phase(Phase.INITIALIZED)
                .createdAt(LONG_AGO).build();
        return new StateNode(claim, node, bound, launchedWith, lastPodEvent, false, false);
    }

    static DisruptionInput.Builder input(List<NodePool> pools, List<StateNode> nodes) {
        return DisruptionInput.builder(NOW).nodePools(pools).nodes(nodes).nodeClasses(List.of(Fixtures.nodeClass()))
                .instanceTypes(Map.of("default", TYPES));
    }
}
