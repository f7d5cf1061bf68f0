package dev.spotter.bench;

import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.InstanceTypeResolver;
import dev.spotter.catalog.Offering;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;
import dev.spotter.disruption.DisruptionCommand;
import dev.spotter.disruption.DisruptionDecision;
import dev.spotter.disruption.DisruptionInput;
import dev.spotter.disruption.StateNode;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.scheduling.CostOptimizing;
import dev.spotter.scheduling.ExistingNode;
import dev.spotter.scheduling.Plan;
import dev.spotter.scheduling.PlannedNodeClaim;
import dev.spotter.scheduling.SchedulingInput;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A fragmented fleet for the disruption benchmark, built the way a cluster gets fragmented: a seeded workload of
 * Deployment-like pods (CPU 100m-1.5, memory 128Mi-4Gi, 200 workloads) is placed by the cost-optimising engine on
 * 4xlarge nodes of the us-east-1 catalog (c, m and r, spot or on-demand, amd64), then a seeded share of the pods is
 * deleted. The disruption NodePool of the same name allows every size, so nothing drifts. {@link #apply} executes a
 * decision on the fleet: candidates go, replacements join as nodes with their pods, and pods moved to existing nodes
 * are placed there the way the placement engine would place them.
 */
final class DisruptionFleet {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final double DELETED_SHARE = 0.5;
    private static final Instant CREATED = NOW.minus(Duration.ofDays(2));
    private static final int[] CPU_MILLIS = {100, 250, 500, 1000, 1500};
    private static final int[] MEMORY_MIB = {128, 256, 512, 1024, 2048, 4096};
    private static final int PODS_PER_NODE_BEFORE_DELETION = 22;

    private final NodePool pool;
    private final NodeClass nodeClass;
    private final Map<String, List<InstanceType>> instanceTypes;
    private final Map<String, InstanceType> byName = new HashMap<>();

    private DisruptionFleet(NodePool pool, NodeClass nodeClass, Map<String, List<InstanceType>> instanceTypes) {
        this.pool = pool;
        this.nodeClass = nodeClass;
        this.instanceTypes = instanceTypes;
        instanceTypes.values().forEach(list -> list.forEach(t -> byName.put(t.name(), t)));
    }

    static DisruptionFleet usEast1() {
        Catalog catalog = CatalogCsv.loadDefault();
        NodeClass nodeClass = BenchFixtures.nodeClass();
        List<InstanceType> types = InstanceTypeResolver.estimated(catalog).resolve(catalog, nodeClass, Set.of());
        NodePool pool = BenchFixtures.nodePool("default", requirements());
        return new DisruptionFleet(pool, nodeClass, Map.of(nodeClass.name(), types));
    }

    private static Requirements requirements() {
        return Requirements.of(
                Requirement.of(WellKnownLabels.CAPACITY_TYPE, Operator.IN, List.of("spot", "on-demand")),
                Requirement.of(WellKnownLabels.ARCH, Operator.IN, List.of("amd64")),
                Requirement.of(WellKnownLabels.INSTANCE_CATEGORY, Operator.IN, List.of("c", "m", "r")));
    }

    NodePool pool() {
        return pool;
    }

    /** A fragmented fleet of about {@code nodes} nodes, as a disruption snapshot. */
    DisruptionInput build(int nodes, long seed) {
        Random random = new Random(seed);
        int podCount = nodes * PODS_PER_NODE_BEFORE_DELETION;
        List<Pod> pods = new ArrayList<>(podCount);
        for (int i = 0; i < podCount; i++) {
            int workload = random.nextInt(200);
            Resources requests = Resources.builder().cpuMillis(CPU_MILLIS[random.nextInt(CPU_MILLIS.length)])
                    .memoryBytes((long) MEMORY_MIB[random.nextInt(MEMORY_MIB.length)] << 20).build();
            pods.add(Pod.builder("default", "w" + workload + "-" + i).uid("u" + i).requests(requests)
                    .owner("ReplicaSet", "w" + workload).labels(Map.of("app", "w" + workload)).createdAt(CREATED).build());
        }
        NodePool fourXl = new NodePool(pool.name(), pool.nodeClassName(), Map.of(), Map.of(),
                requirements().and(Requirement.in(WellKnownLabels.INSTANCE_SIZE, "4xlarge")), List.of(), List.of(), null, null,
                pool.disruption(), Resources.NONE, 0);
        Plan plan = new CostOptimizing().plan(SchedulingInput.builder().pendingPods(pods).nodePools(List.of(fourXl))
                .nodeClasses(List.of(nodeClass)).instanceTypes(instanceTypes).build());
        Map<String, Pod> byKey = new HashMap<>();
        pods.forEach(p -> byKey.put(p.key(), p));
        List<StateNode> fleet = new ArrayList<>();
        for (PlannedNodeClaim claim : plan.nodeClaims()) {
            List<Pod> kept = new ArrayList<>();
            for (String key : claim.pods()) {
                if (random.nextDouble() >= DELETED_SHARE) {
                    kept.add(byKey.get(key));
                }
            }
            fleet.add(node(claim, kept));
        }
        return input(fleet);
    }

    DisruptionInput input(List<StateNode> nodes) {
        return DisruptionInput.builder(NOW).nodes(nodes).nodePools(List.of(pool)).nodeClasses(List.of(nodeClass))
                .instanceTypes(instanceTypes).build();
    }

    /** A running node for a planned claim, launched as its first type in its first zone. */
    private StateNode node(PlannedNodeClaim claim, List<Pod> pods) {
        InstanceType type = byName.get(claim.instanceTypes().get(0));
        String zone = claim.zones().get(0);
        double price = Double.NaN;
        for (Offering offering : type.offerings()) {
            if (offering.capacityType() == claim.capacityType() && offering.zone().equals(zone)) {
                price = offering.pricePerHour();
            }
        }
        Map<String, String> labels = new TreeMap<>();
        for (Requirement requirement : type.requirements().all()) {
            if (!requirement.isComplement() && requirement.values().size() == 1) {
                labels.put(requirement.key(), requirement.values().iterator().next());
            }
        }
        labels.put(WellKnownLabels.NODEPOOL, claim.nodePool());
        labels.put(WellKnownLabels.CAPACITY_TYPE, claim.capacityType().label());
        labels.put(WellKnownLabels.ZONE, zone);
        labels.put(WellKnownLabels.HOSTNAME, claim.name());
        Node node = new Node(claim.name(), labels, Map.of(), List.of(), type.capacity(), type.allocatable(), "", true, false, CREATED);
        List<Pod> bound = pods.stream().map(p -> p.toBuilder().nodeName(claim.name()).build()).toList();
        NodeClaim record = NodeClaim.builder().name(claim.name()).nodePool(claim.nodePool()).nodeClass(claim.nodeClass())
                .instanceType(type.name()).instanceTypes(List.of(type.name())).capacityType(claim.capacityType()).zone(zone)
                .zones(List.of(zone)).price(price).nodeName(claim.name()).phase(Phase.INITIALIZED).createdAt(CREATED).build();
        return new StateNode(record, node, bound, null, CREATED, false, false);
    }

    /** The fleet after the decision's commands have run. */
    DisruptionInput apply(DisruptionInput input, DisruptionDecision decision) {
        Set<String> gone = new HashSet<>();
        Map<String, Pod> moving = new HashMap<>();
        List<StateNode> next = new ArrayList<>();
        for (DisruptionCommand command : decision.commands()) {
            for (StateNode candidate : command.candidates()) {
                gone.add(candidate.name());
                candidate.pods().stream().filter(p -> !p.isDaemonSetPod()).forEach(p -> moving.put(p.key(), p.toBuilder().nodeName("").build()));
            }
        }
        for (DisruptionCommand command : decision.commands()) {
            for (PlannedNodeClaim replacement : command.replacements()) {
                List<Pod> pods = new ArrayList<>();
                replacement.pods().forEach(key -> pods.add(moving.remove(key)));
                next.add(node(replacement, pods));
            }
        }
        for (StateNode node : input.nodes()) {
            if (!gone.contains(node.name())) {
                next.add(node);
            }
        }
        if (moving.isEmpty()) {
            return input(next);
        }
        List<ExistingNode> existing = next.stream().map(n -> new ExistingNode(n.node(), n.pods())).toList();
        Plan placed = new CostOptimizing().plan(SchedulingInput.builder().pendingPods(new ArrayList<>(moving.values())).nodes(existing)
                .nodeClasses(List.of(nodeClass)).instanceTypes(instanceTypes).build());
        if (!placed.unschedulable().isEmpty()) {
            throw new IllegalStateException("a decision moved pods that fit nowhere: " + placed.unschedulable().get(0));
        }
        Map<String, List<String>> placements = placed.nodePlacements();
        List<StateNode> result = new ArrayList<>();
        for (StateNode node : next) {
            List<String> arriving = placements.get(node.name());
            if (arriving == null) {
                result.add(node);
                continue;
            }
            List<Pod> pods = new ArrayList<>(node.pods());
            arriving.forEach(key -> pods.add(moving.get(key).toBuilder().nodeName(node.name()).build()));
            result.add(new StateNode(node.claim(), node.node(), pods, node.launchedWith(), NOW, false, false));
        }
        return input(result);
    }

    /** What the pods of the fleet would cost at best: the LP lower bound of placing them all anew. */
    double lowerBound(DisruptionInput input) {
        List<Pod> pods = new ArrayList<>();
        input.nodes().forEach(n -> n.pods().forEach(p -> pods.add(p.toBuilder().nodeName("").build())));
        SchedulingInput all = SchedulingInput.builder().pendingPods(pods).nodePools(List.of(pool)).nodeClasses(List.of(nodeClass))
                .instanceTypes(instanceTypes).build();
        return BoundInput.lowerBound(all).value();
    }

    static int podCount(DisruptionInput input) {
        return input.nodes().stream().mapToInt(n -> n.pods().size()).sum();
    }
}
