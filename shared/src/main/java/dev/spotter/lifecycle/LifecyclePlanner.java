package dev.spotter.lifecycle;

import dev.spotter.cloud.CloudInstance;
import dev.spotter.cloud.InstanceState;

import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodePool;
import dev.spotter.lifecycle.LifecycleCommand.AdoptInstance;
import dev.spotter.lifecycle.LifecycleCommand.Evict;
import dev.spotter.lifecycle.LifecycleCommand.FinishDrain;
import dev.spotter.lifecycle.LifecycleCommand.MarkInitialized;
import dev.spotter.lifecycle.LifecycleCommand.MarkRegistered;
import dev.spotter.lifecycle.LifecycleCommand.Relaunch;
import dev.spotter.lifecycle.LifecycleCommand.Retire;
import dev.spotter.lifecycle.LifecycleCommand.StartDrain;
import dev.spotter.lifecycle.LifecycleCommand.TerminateOrphan;
import dev.spotter.model.Taint;
import dev.spotter.nodeclaim.Condition;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what one reconcile tick does, as values: advance NodeClaims through their phases, reclaim those that never
 * launched or registered, push drains forward, and collect instances no claim owns. Pure: the same snapshot always gives
 * the same commands, at most {@code settings.maxCommands()} of them so that a tick stays bounded; the next tick resumes
 * from whatever state the executed commands left.
 */
public final class LifecyclePlanner {
    /** Condition set on a claim whose launch was recorded; its time starts the registration timeout. */
    public static final String LAUNCHED = "Launched";
    /** Condition set when a drain starts; its time starts the NodePool's terminationGracePeriod. */
    public static final String DRAINING = "Draining";
    /** Condition set once the DaemonSet pods of a draining node were evicted: the drain may then finish. */
    public static final String DAEMONSETS_EVICTED = "DaemonSetsEvicted";
    /**
     * Condition set when EC2 recommends rebalancing the claim's instance: a replacement is being provisioned, and the
     * drain starts once no claim still coming up carries any of the node's pods.
     */
    public static final String REPLACEMENT_REQUESTED = "ReplacementRequested";
    /** A provisioning pass runs within this time of a rebalance recommendation; wait for it before judging. */
    private static final Duration REPLACEMENT_PLANNING = Duration.ofMinutes(1);
    /** A Planned claim younger than this may still be in the provisioner's hands; leave it alone. */
    private static final Duration LAUNCH_IN_PROGRESS = Duration.ofSeconds(30);
    /**
     * DescribeInstances is eventually consistent: an instance CreateFleet just returned may stay invisible for a while.
     * A claim launched less than this long ago whose instance is not seen yet is left alone, not retired.
     */
    public static final Duration INSTANCE_VISIBILITY_GRACE = Duration.ofMinutes(2);

    private final LifecycleSettings settings;

    public LifecyclePlanner(LifecycleSettings settings) {
        this.settings = settings;
    }

    public List<LifecycleCommand> plan(LifecycleInput input) {
        Snapshot snapshot = new Snapshot(input);
        List<LifecycleCommand> commands = new ArrayList<>();
        input.claims().stream()
                .filter(claim -> !claim.phase().isTerminal())
                .sorted(Comparator.comparing(NodeClaim::name))
                .forEach(claim -> decide(claim, snapshot, commands));
        collectOrphans(snapshot, commands);
        return commands.size() > settings.maxCommands() ? List.copyOf(commands.subList(0, settings.maxCommands())) : commands;
    }

    private void decide(NodeClaim claim, Snapshot snapshot, List<LifecycleCommand> commands) {
        switch (claim.phase()) {
            case PROPOSED -> {
                // a disruption command's replacement, not validated yet: only the disruption executor moves it on
            }
            case PLANNED -> decidePlanned(claim, snapshot, commands);
            case LAUNCHED -> decideLaunched(claim, snapshot, commands);
            case REGISTERED, INITIALIZED -> decideRunning(claim, snapshot, commands);
            case DRAINING -> decideDraining(claim, snapshot, commands);
            case TERMINATING -> commands.add(new FinishDrain(claim, snapshot.nodeOf(claim), "termination in progress"));
            case TERMINATED -> {
            }
        }
    }

    private void decidePlanned(NodeClaim claim, Snapshot snapshot, List<LifecycleCommand> commands) {
        CloudInstance instance = snapshot.instanceOf(claim);
        Duration age = snapshot.age(claim.createdAt());
        if (instance != null && isAlive(instance)) {
            commands.add(new AdoptInstance(claim, instance));
        } else if (age.compareTo(settings.launchTimeout()) > 0) {
            commands.add(new Retire(claim, null, "not launched within " + settings.launchTimeout().toMinutes() + "m"));
        } else if (age.compareTo(LAUNCH_IN_PROGRESS) > 0) {
            commands.add(new Relaunch(claim));
        }
    }

    private void decideLaunched(NodeClaim claim, Snapshot snapshot, List<LifecycleCommand> commands) {
        CloudInstance instance = snapshot.instanceOf(claim);
        Node node = snapshot.nodeOf(claim);
        if (instance == null && mayBeInvisible(claim, snapshot)) {
            return;
        }
        if (instance == null || !isAlive(instance)) {
            commands.add(new Retire(claim, node, "instance " + claim.instanceId() + " is gone"));
        } else if (node != null) {
            commands.add(new MarkRegistered(claim, node));
        } else if (snapshot.age(launchedAt(claim)).compareTo(settings.registrationTimeout()) > 0) {
            commands.add(new Retire(claim, null, "not registered within " + settings.registrationTimeout().toMinutes() + "m"));
        }
    }

    private void decideRunning(NodeClaim claim, Snapshot snapshot, List<LifecycleCommand> commands) {
        CloudInstance instance = snapshot.instanceOf(claim);
        Node node = snapshot.nodeOf(claim);
        if (instance == null && mayBeInvisible(claim, snapshot)) {
            return;
        }
        if (instance == null || !isAlive(instance)) {
            commands.add(new Retire(claim, node, "instance " + claim.instanceId() + " is gone"));
        } else if (node == null) {
            commands.add(new Retire(claim, null, "node " + claim.nodeName() + " was deleted"));
        } else if (claim.phase() == Phase.REGISTERED && isInitialized(claim, node, snapshot)) {
            commands.add(new MarkInitialized(claim));
        } else if (replacementReady(claim, node, snapshot)) {
            commands.add(new StartDrain(claim, "rebalance recommendation: replacement ready"));
        }
    }

    private static boolean replacementReady(NodeClaim claim, Node node, Snapshot snapshot) {
        Optional<Condition> requested = claim.condition(REPLACEMENT_REQUESTED);
        if (requested.isEmpty() || snapshot.age(requested.get().lastTransitionTime()).compareTo(REPLACEMENT_PLANNING) < 0) {
            return false;
        }
        return snapshot.podsOn(node).stream().noneMatch(pod -> snapshot.comingUpPods.contains(pod.key()));
    }

    private void decideDraining(NodeClaim claim, Snapshot snapshot, List<LifecycleCommand> commands) {
        Node node = snapshot.nodeOf(claim);
        CloudInstance instance = snapshot.instanceOf(claim);
        if (node == null || instance == null || !isAlive(instance)) {
            commands.add(new FinishDrain(claim, node, "node or instance already gone"));
            return;
        }
        if (gracePeriodOver(claim, snapshot)) {
            commands.add(new FinishDrain(claim, node, "terminationGracePeriod elapsed"));
            return;
        }
        List<Pod> drainable = snapshot.podsOn(node).stream().filter(DrainOrder::isDrainable).toList();
        boolean onlyDaemons = drainable.stream().allMatch(Pod::isDaemonSetPod);
        if (drainable.isEmpty() || (onlyDaemons && claim.condition(DAEMONSETS_EVICTED).isPresent())) {
            commands.add(new FinishDrain(claim, node, "drained"));
            return;
        }
        List<Pod> next = DrainOrder.nextGroup(drainable).stream()
                .filter(pod -> !DrainOrder.blocksDisruption(pod))
                .limit(settings.maxEvictionsPerNode())
                .toList();
        if (!next.isEmpty()) {
            commands.add(new Evict(claim, node, next));
        }
    }

    private void collectOrphans(Snapshot snapshot, List<LifecycleCommand> commands) {
        snapshot.input.instances().stream()
                .filter(LifecyclePlanner::isAlive)
                .filter(instance -> !snapshot.isOwned(instance))
                .filter(instance -> snapshot.age(instance.launchTime()).compareTo(settings.orphanGracePeriod()) > 0)
                .sorted(Comparator.comparing(CloudInstance::instanceId))
                .forEach(instance -> commands.add(new TerminateOrphan(instance, "no NodeClaim owns it")));
    }

    private boolean isInitialized(NodeClaim claim, Node node, Snapshot snapshot) {
        if (!node.ready()) {
            return false;
        }
        NodePool pool = snapshot.input.nodePools().get(claim.nodePool());
        List<Taint> startupTaints = pool == null ? List.of() : pool.startupTaints();
        boolean startupTaintsGone = node.taints().stream().noneMatch(taint -> startupTaints.stream()
                .anyMatch(startup -> startup.key().equals(taint.key()) && startup.effect().equals(taint.effect())));
        Set<String> extended = claim.instanceType() == null ? Set.of()
                : snapshot.input.extendedResourcesByInstanceType().getOrDefault(claim.instanceType(), Set.of());
        boolean extendedRegistered = extended.stream().allMatch(name -> node.allocatable().get(name) > 0);
        return startupTaintsGone && extendedRegistered;
    }

    private boolean gracePeriodOver(NodeClaim claim, Snapshot snapshot) {
        NodePool pool = snapshot.input.nodePools().get(claim.nodePool());
        if (pool == null || pool.terminationGracePeriod() == null) {
            return false;
        }
        Instant drainStart = claim.condition(DRAINING).map(Condition::lastTransitionTime).orElse(snapshot.input.now());
        return snapshot.input.now().isAfter(drainStart.plus(pool.terminationGracePeriod()));
    }

    /** Pending and running instances may still serve; stopping, stopped and terminating ones are gone for good. */
    static boolean isAlive(CloudInstance instance) {
        return instance.state() == InstanceState.PENDING || instance.state() == InstanceState.RUNNING;
    }

    /** True while a claim's instance, not seen by DescribeInstances, may simply not be visible yet. */
    private static boolean mayBeInvisible(NodeClaim claim, Snapshot snapshot) {
        return snapshot.age(launchedAt(claim)).compareTo(INSTANCE_VISIBILITY_GRACE) < 0;
    }

    private static Instant launchedAt(NodeClaim claim) {
        return claim.condition(LAUNCHED).map(Condition::lastTransitionTime).orElse(claim.createdAt());
    }

    /** Indexes over one input, built once per plan. */
    private static final class Snapshot {
        private final LifecycleInput input;
        private final Map<String, CloudInstance> instancesById = new HashMap<>();
        private final Map<String, CloudInstance> instancesByClaim = new HashMap<>();
        private final Map<String, Node> nodesByInstanceId = new HashMap<>();
        private final Map<String, Node> nodesByName = new HashMap<>();
        private final Set<String> ownedInstanceIds = new HashSet<>();
        /** Claims not launched yet: an instance tagged with one's name is its launch, about to be adopted. */
        private final Set<String> plannedClaimNames = new HashSet<>();
        /** Pods planned onto claims whose node is not initialized yet. */
        private final Set<String> comingUpPods = new HashSet<>();

        Snapshot(LifecycleInput input) {
            this.input = input;
            for (CloudInstance instance : input.instances()) {
                instancesById.put(instance.instanceId(), instance);
                if (!instance.nodeClaimName().isEmpty() && isAlive(instance)) {
                    instancesByClaim.put(instance.nodeClaimName(), instance);
                }
            }
            for (Node node : input.nodes()) {
                nodesByName.put(node.name(), node);
                if (!node.instanceId().isEmpty()) {
                    nodesByInstanceId.put(node.instanceId(), node);
                }
            }
            for (NodeClaim claim : input.claims()) {
                if (claim.phase() == Phase.PLANNED || claim.phase() == Phase.LAUNCHED || claim.phase() == Phase.REGISTERED) {
                    comingUpPods.addAll(claim.pods());
                }
                if (claim.phase() == Phase.PLANNED && claim.instanceId() == null) {
                    plannedClaimNames.add(claim.name());
                }
                if (!claim.phase().isTerminal()) {
                    if (claim.instanceId() != null) {
                        ownedInstanceIds.add(claim.instanceId());
                    }
                }
            }
        }

        CloudInstance instanceOf(NodeClaim claim) {
            if (claim.instanceId() != null) {
                return instancesById.get(claim.instanceId());
            }
            return instancesByClaim.get(claim.name());
        }

        Node nodeOf(NodeClaim claim) {
            Node byInstance = claim.instanceId() == null ? null : nodesByInstanceId.get(claim.instanceId());
            if (byInstance != null) {
                return byInstance;
            }
            return claim.nodeName() == null ? null : nodesByName.get(claim.nodeName());
        }

        List<Pod> podsOn(Node node) {
            return input.podsByNode().getOrDefault(node.name(), List.of());
        }

        /**
         * Owned by the instance id recorded on a live claim, as Karpenter matches instances to NodeClaims by providerID;
         * the claim-name tag only counts for a claim that has recorded no instance yet (it adopts one). A second
         * instance launched for a claim that already recorded another is an orphan.
         */
        boolean isOwned(CloudInstance instance) {
            return ownedInstanceIds.contains(instance.instanceId()) || plannedClaimNames.contains(instance.nodeClaimName());
        }

        Duration age(Instant since) {
            return since == null ? Duration.ZERO : Duration.between(since, input.now());
        }
    }
}
