package dev.spotter.disruption;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodDisruptionBudget;
import dev.spotter.config.NodePool;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.scheduling.ExistingNode;
import dev.spotter.scheduling.InFlightClaim;
import dev.spotter.scheduling.PlannedNodeClaim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cluster as one decision sees it while its methods add commands: which nodes are going away, which replacements
 * will exist and which pods moved where, how much of each budget is left, and which nodes are blocked and why. Methods
 * run one after another on the same state, so each sees the commands of the methods before it applied.
 */
final class PlanningState {
    private final DisruptionInput input;
    private final DisruptionSettings settings;
    private final Map<String, NodePool> pools = new HashMap<>();
    private final Map<String, Map<String, InstanceType>> types = new HashMap<>();
    private final Map<String, Pod> pendingByKey = new HashMap<>();
    private final Budgets budgets;
    private final Set<String> removed = new HashSet<>();
    private final Map<String, List<Pod>> movedPods = new HashMap<>();
    private final List<InFlightClaim> addedClaims = new ArrayList<>();
    private final List<Pod> needingPlacement = new ArrayList<>();
    private final List<DisruptionCommand> commands = new ArrayList<>();
    private final Map<String, BlockedCandidate> blocked = new TreeMap<>();
    private final Map<String, Candidate> candidates = new HashMap<>();

    PlanningState(DisruptionInput input, DisruptionSettings settings) {
        this.input = input;
        this.settings = settings;
        input.nodePools().forEach(p -> pools.put(p.name(), p));
        input.instanceTypes().forEach((nodeClass, list) -> {
            Map<String, InstanceType> byName = new HashMap<>();
            list.forEach(t -> byName.put(t.name(), t));
            types.put(nodeClass, byName);
        });
        input.pendingPods().forEach(p -> pendingByKey.put(p.key(), p));
        this.budgets = new Budgets(input.nodePools(), input.nodes(), input.now());
        needingPlacement.addAll(input.pendingPods());
        for (StateNode node : input.nodes()) {
            if (node.disrupting()) {
                removed.add(node.name());
                for (Pod pod : Pods.reschedulable(node.pods())) {
                    needingPlacement.add(pod.toBuilder().nodeName("").build());
                }
            }
        }
    }

    DisruptionInput input() {
        return input;
    }

    DisruptionSettings settings() {
        return settings;
    }

    Instant now() {
        return input.now();
    }

    Budgets budgets() {
        return budgets;
    }

    Optional<NodePool> pool(String name) {
        return Optional.ofNullable(name == null ? null : pools.get(name));
    }

    /** A registered node of a known NodePool that no command disrupts yet and that is not being disrupted. */
    boolean live(StateNode node) {
        return node.node() != null && !node.disrupting() && !removed.contains(node.name()) && pools.containsKey(node.nodePool());
    }

    /** Adds a replacement that will exist (a command being validated) with the pods it will hold. */
    void addReplacement(PlannedNodeClaim replacement, List<Pod> pods) {
        addedClaims.add(asInFlight(replacement, pods));
    }

    /** A registered, ready node of a known NodePool that no command disrupts yet and that is not being disrupted. */
    boolean eligible(StateNode node) {
        if (node.node() == null || node.disrupting() || removed.contains(node.name()) || !pools.containsKey(node.nodePool())) {
            return false;
        }
        Phase phase = node.claim().phase();
        if (phase == Phase.DRAINING || phase == Phase.TERMINATING || phase == Phase.TERMINATED) {
            return false;
        }
        return node.node().ready() && node.node().taints().stream().noneMatch(t -> t.key().equals(WellKnownLabels.DISRUPTED_TAINT_KEY));
    }

    /** The candidate view of a node (price, type, pods that move, disruption cost), computed once. */
    Candidate candidate(StateNode node) {
        return candidates.computeIfAbsent(node.name(), n -> {
            NodePool pool = pools.get(node.nodePool());
            InstanceType type = type(node.claim().nodeClass() != null ? node.claim().nodeClass() : pool.nodeClassName(),
                    node.claim().instanceType());
            double price = node.claim().price();
            if (type != null && node.claim().capacityType() != null) {
                for (Offering offering : type.offerings()) {
                    if (offering.capacityType() == node.claim().capacityType() && offering.zone().equals(node.claim().zone())) {
                        price = offering.pricePerHour();
                    }
                }
            }
            List<Pod> pods = Pods.reschedulable(node.pods());
            double cost = pods.stream().mapToDouble(Pods::evictionCost).sum();
            if (pool.expireAfter() != null && node.claim().createdAt() != null && !pool.expireAfter().isZero()) {
                double lived = Duration.between(node.claim().createdAt(), now()).toMillis() / (double) pool.expireAfter().toMillis();
                cost *= Math.max(0, 1 - lived);
            }
            return new Candidate(node, pool, type, price, pods, cost);
        });
    }

    /**
     * What keeps a node from being disrupted, Karpenter's candidate filter: the node's do-not-disrupt annotation, a
     * pending pod nominated to it, and, unless {@code skipPodChecks}, a pod's do-not-disrupt annotation, a PDB that
     * allows no disruption of one of its pods, or a pod matched by more than one PDB.
     */
    Optional<BlockedCandidate> blocker(StateNode node, boolean skipPodChecks) {
        String dnd = node.node().annotations().get(WellKnownLabels.DO_NOT_DISRUPT_ANNOTATION);
        if ("true".equals(dnd)) {
            return Optional.of(blocked(node, BlockedCandidate.Blocker.NODE_DO_NOT_DISRUPT,
                    "node has annotation karpenter.sh/do-not-disrupt: \"true\""));
        }
        if (node.nominated()) {
            return Optional.of(blocked(node, BlockedCandidate.Blocker.NOMINATED, "a pending pod is nominated to the node"));
        }
        if (skipPodChecks) {
            return Optional.empty();
        }
        for (Pod pod : Pods.reschedulable(node.pods())) {
            if (Pods.doNotDisrupt(pod, now())) {
                return Optional.of(blocked(node, BlockedCandidate.Blocker.POD_DO_NOT_DISRUPT,
                        "pod " + pod.key() + " has annotation karpenter.sh/do-not-disrupt: \""
                                + pod.annotations().get(WellKnownLabels.DO_NOT_DISRUPT_ANNOTATION) + "\""));
            }
            List<PodDisruptionBudget> guarding = input.podDisruptionBudgets().stream().filter(b -> b.guards(pod)).toList();
            if (guarding.size() > 1) {
                return Optional.of(blocked(node, BlockedCandidate.Blocker.PDB, "pod " + pod.key()
                        + " is matched by more than one PodDisruptionBudget ("
                        + String.join(", ", guarding.stream().map(b -> b.namespace() + "/" + b.name()).toList()) + ")"));
            }
            if (guarding.size() == 1 && guarding.get(0).blocksEviction()) {
                PodDisruptionBudget pdb = guarding.get(0);
                return Optional.of(blocked(node, BlockedCandidate.Blocker.PDB, "PodDisruptionBudget " + pdb.namespace() + "/"
                        + pdb.name() + " allows no disruption of pod " + pod.key()));
            }
        }
        return Optional.empty();
    }

    /**
     * When consolidation may touch the node: its NodePool's consolidateAfter has elapsed since the last pod event on it
     * (empty if not; null consolidateAfter is Never).
     */
    Optional<BlockedCandidate> consolidateAfterBlocker(StateNode node, NodePool pool) {
        Duration after = pool.disruption() == null ? Duration.ZERO : pool.disruption().consolidateAfter();
        if (after == null) {
            return Optional.of(blocked(node, BlockedCandidate.Blocker.CONSOLIDATE_AFTER, "NodePool " + pool.name()
                    + " has consolidateAfter: Never"));
        }
        Instant last = node.lastPodEventTime() != null ? node.lastPodEventTime() : node.node().createdAt();
        if (last != null && last.plus(after).isAfter(now())) {
            return Optional.of(blocked(node, BlockedCandidate.Blocker.CONSOLIDATE_AFTER, "consolidateAfter "
                    + dev.spotter.config.Durations.format(after) + " has not elapsed since the last pod event at " + last));
        }
        return Optional.empty();
    }

    static boolean whenEmptyOnly(NodePool pool) {
        return pool.disruption() != null && "WhenEmpty".equals(pool.disruption().consolidationPolicy());
    }

    private BlockedCandidate blocked(StateNode node, BlockedCandidate.Blocker blocker, String message) {
        return new BlockedCandidate(node.name(), node.claim().name(), blocker, message);
    }

    /** Records why a node is not disrupted (the first reason found is kept). */
    void block(BlockedCandidate reason) {
        blocked.putIfAbsent(reason.node(), reason);
    }

    void block(Candidate candidate, BlockedCandidate.Blocker blocker, String message) {
        block(blocked(candidate.state(), blocker, message));
    }

    /** The instance type of a NodeClass by name, or null. */
    InstanceType type(String nodeClass, String name) {
        Map<String, InstanceType> byName = types.get(nodeClass);
        return byName == null || name == null ? null : byName.get(name);
    }

    /**
     * The highest price the type can launch at for a claim of that capacity type in those zones (Karpenter's worst
     * launch price), or NaN when it has no such available offering.
     */
    double worstLaunchPrice(String nodeClass, String typeName, CapacityType capacityType, List<String> zones) {
        InstanceType type = type(nodeClass, typeName);
        if (type == null) {
            return Double.NaN;
        }
        double worst = Double.NaN;
        for (Offering offering : type.offerings()) {
            if (offering.capacityType() != capacityType || !offering.available() || (!zones.isEmpty() && !zones.contains(offering.zone()))) {
                continue;
            }
            if (input.unavailableOfferings().contains(new OfferingKey(capacityType, typeName, offering.zone()))) {
                continue;
            }
            worst = Double.isNaN(worst) ? offering.pricePerHour() : Math.max(worst, offering.pricePerHour());
        }
        return worst;
    }

    /**
     * Existing nodes pods may move to, at most {@code limit} of them: those with the most free CPU and memory (by the
     * smaller of the two free shares), so that a simulation on a large cluster stays small. Nodes left out take no pods
     * and are not counted for the simulation's topology spread.
     */
    List<ExistingNode> destinations(Set<String> alsoRemoved, int limit) {
        List<ExistingNode> all = destinations(alsoRemoved);
        if (all.size() <= limit) {
            return all;
        }
        Map<String, Double> free = new HashMap<>();
        for (ExistingNode node : all) {
            long cpu = 0;
            long memory = 0;
            for (Pod pod : node.pods()) {
                cpu += pod.requests().get(dev.spotter.model.Resources.CPU);
                memory += pod.requests().get(dev.spotter.model.Resources.MEMORY);
            }
            long allocCpu = node.node().allocatable().get(dev.spotter.model.Resources.CPU);
            long allocMemory = node.node().allocatable().get(dev.spotter.model.Resources.MEMORY);
            double cpuFree = allocCpu > 0 ? 1 - cpu / (double) allocCpu : 0;
            double memoryFree = allocMemory > 0 ? 1 - memory / (double) allocMemory : 0;
            free.put(node.name(), Math.min(cpuFree, memoryFree));
        }
        List<ExistingNode> sorted = new ArrayList<>(all);
        sorted.sort(java.util.Comparator.comparingDouble((ExistingNode n) -> -free.get(n.name())).thenComparing(ExistingNode::name));
        return sorted.subList(0, limit);
    }

    /** Existing nodes pods may move to: ready, not going away, with the pods already moved there. */
    List<ExistingNode> destinations(Set<String> alsoRemoved) {
        List<ExistingNode> nodes = new ArrayList<>();
        for (StateNode node : input.nodes()) {
            if (node.node() == null || node.disrupting() || removed.contains(node.name()) || alsoRemoved.contains(node.name())
                    || !node.node().ready()) {
                continue;
            }
            List<Pod> moved = movedPods.get(node.name());
            if (moved == null) {
                nodes.add(new ExistingNode(node.node(), node.pods()));
            } else {
                List<Pod> pods = new ArrayList<>(node.pods());
                pods.addAll(moved);
                nodes.add(new ExistingNode(node.node(), pods));
            }
        }
        return nodes;
    }

    /** Claims not registered yet (capacity that will exist) and the replacements of the commands so far. */
    List<InFlightClaim> inFlightClaims() {
        List<InFlightClaim> claims = new ArrayList<>();
        for (StateNode node : input.nodes()) {
            if (node.node() != null || node.disrupting() || node.claim().phase() == null || !node.claim().phase().isInFlight()) {
                continue;
            }
            NodePool pool = pools.get(node.nodePool());
            String typeName = node.claim().instanceType() != null ? node.claim().instanceType()
                    : node.claim().instanceTypes().isEmpty() ? null : node.claim().instanceTypes().get(0);
            InstanceType type = pool == null ? null : type(node.claim().nodeClass() != null ? node.claim().nodeClass()
                    : pool.nodeClassName(), typeName);
            if (type == null) {
                continue;
            }
            List<Pod> pods = new ArrayList<>();
            node.claim().pods().forEach(key -> Optional.ofNullable(pendingByKey.get(key)).ifPresent(pods::add));
            pods.addAll(movedPods.getOrDefault(node.claim().name(), List.of()));
            claims.add(InFlightClaim.of(node.claim(), type, pool, pods));
        }
        for (InFlightClaim claim : addedClaims) {
            List<Pod> moved = movedPods.get(claim.name());
            if (moved == null) {
                claims.add(claim);
            } else {
                List<Pod> pods = new ArrayList<>(claim.pods());
                pods.addAll(moved);
                claims.add(new InFlightClaim(claim.name(), claim.nodePool(), claim.labels(), claim.taints(), claim.capacity(),
                        claim.allocatable(), pods));
            }
        }
        return claims;
    }

    /** Pending pods and the pods of nodes already being disrupted: simulations place them too. */
    List<Pod> podsNeedingPlacement() {
        return needingPlacement;
    }

    /** An in-flight view of a replacement, as the first (cheapest) of its instance types, holding its pods. */
    InFlightClaim asInFlight(PlannedNodeClaim replacement, List<Pod> pods) {
        InstanceType type = type(replacement.nodeClass(), replacement.instanceTypes().get(0));
        return InFlightClaim.of(replacement.toNodeClaim("", now()), type, pools.get(replacement.nodePool()), pods);
    }

    /** Adds a command: its candidates go away, its pods land where its move put them, budgets are consumed. */
    void add(DisruptionCommand command, Move move) {
        Map<String, Pod> podsByKey = new HashMap<>();
        for (Candidate candidate : move.candidates()) {
            removed.add(candidate.name());
            budgets.consume(candidate.pool().name());
            candidate.reschedulable().forEach(p -> podsByKey.put(p.key(), p));
        }
        move.nodePlacements().forEach((target, keys) -> {
            List<Pod> list = movedPods.computeIfAbsent(target, k -> new ArrayList<>());
            for (String key : keys) {
                Pod pod = podsByKey.get(key);
                if (pod != null) {
                    list.add(pod.toBuilder().nodeName(target).build());
                }
            }
        });
        for (PlannedNodeClaim replacement : command.replacements()) {
            List<Pod> pods = new ArrayList<>();
            replacement.pods().forEach(key -> Optional.ofNullable(podsByKey.get(key)).ifPresent(p -> pods.add(p.toBuilder().nodeName("").build())));
            addedClaims.add(asInFlight(replacement, pods));
        }
        commands.add(command);
    }

    List<DisruptionCommand> commands() {
        return commands;
    }

    DisruptionDecision decision(String strategy) {
        Set<String> disrupted = new HashSet<>();
        double saved = 0;
        for (DisruptionCommand command : commands) {
            command.candidates().forEach(c -> disrupted.add(c.name()));
            saved += command.candidates().stream().mapToDouble(c -> candidate(c).price()).sum() - command.replacementsHourlyPrice();
        }
        List<BlockedCandidate> blockedList = blocked.values().stream().filter(b -> !disrupted.contains(b.node())).toList();
        double before = 0;
        for (StateNode node : input.nodes()) {
            if (node.claim().phase() == Phase.TERMINATED) {
                continue;
            }
            before += pools.containsKey(node.nodePool()) ? candidate(node).price() : node.claim().price();
        }
        return new DisruptionDecision(commands, blockedList, before, before - saved, strategy);
    }
}
