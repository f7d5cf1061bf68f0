package dev.spotter.disruption;

import dev.spotter.cluster.Pod;
import dev.spotter.scheduling.ExistingNode;
import dev.spotter.scheduling.InFlightClaim;
import dev.spotter.scheduling.Plan;
import dev.spotter.scheduling.PlacementStrategy;
import dev.spotter.scheduling.PlannedNodeClaim;
import dev.spotter.scheduling.SchedulingInput;
import dev.spotter.scheduling.UnschedulablePod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Karpenter's SimulateScheduling: plans the pods of the candidates (with the cluster's pending pods and the pods of
 * nodes already being disrupted) on the cluster without the candidates, with the placement engine. The result is cut
 * into {@link Move}s: candidates whose pods share a new NodeClaim go together; a candidate whose pods all land on
 * existing capacity is a move of its own. New NodeClaims that hold only pending pods are not replacements (the
 * provisioner launches them anyway). A candidate with a pod the plan cannot place is returned as unplaceable.
 */
final class Simulation {
    private Simulation() {
    }

    record Result(List<Move> moves, Map<String, String> unplaceable) {
    }

    static Result run(PlanningState state, List<Candidate> removing, PlacementStrategy strategy) {
        return run(state, removing, strategy, Integer.MAX_VALUE);
    }

    /** As {@link #run(PlanningState, List, PlacementStrategy)}, offering at most {@code destinationLimit} existing nodes. */
    static Result run(PlanningState state, List<Candidate> removing, PlacementStrategy strategy, int destinationLimit) {
        Set<String> removedNames = new HashSet<>();
        Map<String, Candidate> ownerOfPod = new HashMap<>();
        List<Pod> pending = new ArrayList<>();
        for (Candidate candidate : removing) {
            removedNames.add(candidate.name());
            for (Pod pod : candidate.reschedulable()) {
                ownerOfPod.put(pod.key(), candidate);
                pending.add(pod.toBuilder().nodeName("").build());
            }
        }
        pending.addAll(state.podsNeedingPlacement());
        List<ExistingNode> nodes = state.destinations(removedNames, destinationLimit);
        List<InFlightClaim> inFlight = state.inFlightClaims();
        DisruptionInput input = state.input();
        SchedulingInput schedulingInput = SchedulingInput.builder()
                .pendingPods(pending)
                .nodes(nodes)
                .inFlightClaims(inFlight)
                .daemonSets(input.daemonSets())
                .nodePools(input.nodePools())
                .nodeClasses(input.nodeClasses())
                .instanceTypes(input.instanceTypes())
                .unavailableOfferings(input.unavailableOfferings())
                .build();
        Plan plan = strategy.plan(schedulingInput);

        Map<String, String> unplaceable = new TreeMap<>();
        for (UnschedulablePod pod : plan.unschedulable()) {
            Candidate owner = ownerOfPod.get(pod.pod());
            if (owner != null) {
                unplaceable.putIfAbsent(owner.name(), "pod " + pod.pod() + " cannot be placed elsewhere: " + pod.reason());
            }
        }
        // union candidates that share a replacement
        Map<String, String> parent = new HashMap<>();
        for (Candidate candidate : removing) {
            parent.put(candidate.name(), candidate.name());
        }
        Map<PlannedNodeClaim, List<Candidate>> contributors = new LinkedHashMap<>();
        for (PlannedNodeClaim claim : plan.nodeClaims()) {
            List<Candidate> from = new ArrayList<>();
            for (String pod : claim.pods()) {
                Candidate owner = ownerOfPod.get(pod);
                if (owner != null && !from.contains(owner)) {
                    from.add(owner);
                }
            }
            if (from.isEmpty()) {
                continue;
            }
            contributors.put(claim, from);
            for (int i = 1; i < from.size(); i++) {
                union(parent, from.get(0).name(), from.get(i).name());
            }
        }
        Map<String, List<Candidate>> groups = new LinkedHashMap<>();
        for (Candidate candidate : removing) {
            groups.computeIfAbsent(find(parent, candidate.name()), k -> new ArrayList<>()).add(candidate);
        }
        List<Move> moves = new ArrayList<>();
        for (List<Candidate> group : groups.values()) {
            if (group.stream().anyMatch(c -> unplaceable.containsKey(c.name()))) {
                for (Candidate c : group) {
                    unplaceable.putIfAbsent(c.name(), "shares a replacement with a node whose pods cannot be placed");
                }
                continue;
            }
            Set<String> names = new HashSet<>();
            List<String> pods = new ArrayList<>();
            for (Candidate c : group) {
                names.add(c.name());
                c.reschedulable().forEach(p -> pods.add(p.key()));
            }
            Set<String> podSet = new HashSet<>(pods);
            List<PlannedNodeClaim> replacements = new ArrayList<>();
            contributors.forEach((claim, from) -> {
                if (names.contains(from.get(0).name())) {
                    replacements.add(claim);
                }
            });
            Map<String, List<String>> placements = new TreeMap<>();
            collect(plan.nodePlacements(), podSet, placements);
            collect(plan.inFlightPlacements(), podSet, placements);
            moves.add(new Move(group, replacements, pods, placements));
        }
        return new Result(moves, unplaceable);
    }

    private static void collect(Map<String, List<String>> placements, Set<String> pods, Map<String, List<String>> into) {
        placements.forEach((target, keys) -> {
            List<String> mine = keys.stream().filter(pods::contains).toList();
            if (!mine.isEmpty()) {
                into.computeIfAbsent(target, k -> new ArrayList<>()).addAll(mine);
            }
        });
    }

    private static String find(Map<String, String> parent, String name) {
        String root = name;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        parent.put(name, root);
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(rb, ra);
        }
    }
}
