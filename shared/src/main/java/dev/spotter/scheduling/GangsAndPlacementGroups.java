package dev.spotter.scheduling;

import dev.spotter.catalog.CapacityType;
import dev.spotter.cluster.Gang;
import dev.spotter.config.NodeClass;
import dev.spotter.config.PlacementGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * Plan rules for multi-node training, applied to the planned claims after packing:
 * <ul>
 *   <li><b>Gangs</b> are one unit: when fewer than {@code minMember} of a gang's pods are placed (on new claims,
 *   existing nodes or in-flight claims), none of its pods is given a new claim (they are unschedulable, and claims left
 *   without pods are dropped); otherwise its new claims are put in one zone, the common zone where they cost least,
 *   and marked with the gang so that they are launched together, all or none. No common zone: unschedulable.</li>
 *   <li><b>Cluster placement groups</b> live in one zone: the claims of a NodeClass with one go to the group's zone
 *   when it is known, else to one common zone.</li>
 *   <li><b>Spread placement groups</b> hold at most {@value PlacementGroup#SPREAD_INSTANCES_PER_ZONE} instances per
 *   zone: each claim is put in a zone of its own with room (existing nodes of the NodeClass count); a claim with
 *   none is not planned there (its pods are unschedulable).</li>
 * </ul>
 */
final class GangsAndPlacementGroups {
    private GangsAndPlacementGroups() {
    }

    record Result(List<PlannedNodeClaim> claims, Map<String, String> unschedulable) {
    }

    static Result apply(Problem problem, List<ClaimTarget> targets, List<PlannedNodeClaim> planned,
                        SortedMap<String, List<String>> nodes, SortedMap<String, List<String>> inFlight) {
        List<PlannedNodeClaim> claims = new ArrayList<>(planned);
        Map<String, ClaimTarget> targetByName = new HashMap<>();
        for (int i = 0; i < planned.size(); i++) {
            targetByName.put(planned.get(i).name(), targets.get(i));
        }
        Map<String, String> unschedulable = new HashMap<>();
        for (Gang gang : problem.input.gangs()) {
            gang(problem, gang, claims, targetByName, nodes, inFlight, unschedulable);
        }
        for (NodeClass nodeClass : problem.input.nodeClasses()) {
            Optional<PlacementGroup> group = nodeClass.resolvedPlacementGroup();
            if (group.isPresent()) {
                placementGroup(problem, nodeClass, group.get(), claims, targetByName, unschedulable);
            }
        }
        return new Result(claims, unschedulable);
    }

    private static void gang(Problem problem, Gang gang, List<PlannedNodeClaim> claims, Map<String, ClaimTarget> targets,
                             SortedMap<String, List<String>> nodes, SortedMap<String, List<String>> inFlight,
                             Map<String, String> unschedulable) {
        Set<String> members = new HashSet<>(gang.podKeys());
        int placed = 0;
        for (List<String> pods : nodes.values()) {
            placed += (int) pods.stream().filter(members::contains).count();
        }
        for (List<String> pods : inFlight.values()) {
            placed += (int) pods.stream().filter(members::contains).count();
        }
        List<Integer> own = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            if (claims.get(i) == null) {
                continue;
            }
            long count = claims.get(i).pods().stream().filter(members::contains).count();
            if (count > 0) {
                own.add(i);
                placed += (int) count;
            }
        }
        if (own.isEmpty()) {
            return;
        }
        if (placed < gang.minMember()) {
            drop(claims, own, members, unschedulable, "gang " + gang.key() + " needs " + gang.minMember()
                    + " pods to start and only " + placed + " can be placed; none is launched");
            return;
        }
        Optional<String> zone = cheapestCommonZone(problem, own.stream().map(claims::get).toList(), targets);
        if (zone.isEmpty()) {
            drop(claims, own, members, unschedulable, "the claims of gang " + gang.key() + " have no zone in common");
            return;
        }
        for (int i : own) {
            claims.set(i, pin(problem, claims.get(i), targets.get(claims.get(i).name()), zone.get()).inGang(gang.key()));
        }
    }

    private static void placementGroup(Problem problem, NodeClass nodeClass, PlacementGroup group, List<PlannedNodeClaim> claims,
                                       Map<String, ClaimTarget> targets, Map<String, String> unschedulable) {
        List<Integer> own = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            if (claims.get(i) != null && claims.get(i).nodeClass().equals(nodeClass.name())) {
                own.add(i);
            }
        }
        if (own.isEmpty()) {
            return;
        }
        switch (group.strategy()) {
            case CLUSTER -> {
                Optional<String> zone = group.pinnedZone().isPresent()
                        ? group.pinnedZone().filter(z -> own.stream().allMatch(i -> claims.get(i).zones().contains(z)))
                        : cheapestCommonZone(problem, own.stream().map(claims::get).toList(), targets);
                if (zone.isEmpty()) {
                    Set<String> pods = new HashSet<>();
                    own.forEach(i -> pods.addAll(claims.get(i).pods()));
                    drop(claims, own, pods, unschedulable, "cluster placement group " + label(group) + " is in "
                            + (group.zone().isEmpty() ? "one zone, which its claims do not share" : group.zone()
                            + ", where the pods cannot run"));
                    return;
                }
                for (int i : own) {
                    claims.set(i, pin(problem, claims.get(i), targets.get(claims.get(i).name()), zone.get()));
                }
            }
            case SPREAD -> {
                Map<String, Integer> used = existingPerZone(problem, nodeClass);
                List<Integer> full = new ArrayList<>();
                for (int i : own) {
                    PlannedNodeClaim claim = claims.get(i);
                    Optional<String> zone = claim.zones().stream()
                            .filter(z -> used.getOrDefault(z, 0) < PlacementGroup.SPREAD_INSTANCES_PER_ZONE).findFirst();
                    if (zone.isEmpty()) {
                        full.add(i);
                        continue;
                    }
                    used.merge(zone.get(), 1, Integer::sum);
                    claims.set(i, pin(problem, claim, targets.get(claim.name()), zone.get()));
                }
                if (!full.isEmpty()) {
                    Set<String> pods = new HashSet<>();
                    full.forEach(i -> pods.addAll(claims.get(i).pods()));
                    drop(claims, full, pods, unschedulable, "spread placement group " + label(group) + " already holds "
                            + PlacementGroup.SPREAD_INSTANCES_PER_ZONE + " instances in every zone the pods can use");
                }
            }
            case PARTITION -> {
                // EC2 places partition members itself; nothing to restrict
            }
            default -> throw new IllegalStateException("unknown placement strategy " + group.strategy());
        }
    }

    private static String label(PlacementGroup group) {
        return group.name().isEmpty() ? group.id() : group.name();
    }

    private static Map<String, Integer> existingPerZone(Problem problem, NodeClass nodeClass) {
        Map<String, Integer> counts = new HashMap<>();
        for (ExistingNode node : problem.input.nodes()) {
            Map<String, String> labels = node.node().labels();
            if (nodeClass.name().equals(labels.get(dev.spotter.model.WellKnownLabels.EC2NODECLASS))) {
                String zone = labels.get(dev.spotter.model.WellKnownLabels.ZONE);
                if (zone != null) {
                    counts.merge(zone, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** The zone all the claims can use where their summed price is least (ties: the first zone by name). */
    private static Optional<String> cheapestCommonZone(Problem problem, List<PlannedNodeClaim> claims, Map<String, ClaimTarget> targets) {
        Set<String> common = null;
        for (PlannedNodeClaim claim : claims) {
            if (common == null) {
                common = new LinkedHashSet<>(claim.zones());
            } else {
                common.retainAll(claim.zones());
            }
        }
        String best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (String zone : common == null ? List.<String>of() : common.stream().sorted().toList()) {
            double cost = 0;
            for (PlannedNodeClaim claim : claims) {
                cost += priceIn(problem, claim, targets.get(claim.name()), zone);
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = zone;
            }
        }
        return Optional.ofNullable(best);
    }

    private static double priceIn(Problem problem, PlannedNodeClaim claim, ClaimTarget target, String zone) {
        if (claim.capacityType() == CapacityType.RESERVED) {
            return 0;
        }
        int index = problem.zones.indexOf(zone);
        double best = Double.POSITIVE_INFINITY;
        for (TypeModel type : target.pool.types) {
            if (claim.instanceTypes().contains(type.name)) {
                best = Math.min(best, type.price(1L << index, 1 << claim.capacityType().ordinal()));
            }
        }
        return best;
    }

    private static PlannedNodeClaim pin(Problem problem, PlannedNodeClaim claim, ClaimTarget target, String zone) {
        if (claim.zones().equals(List.of(zone))) {
            return claim;
        }
        int index = problem.zones.indexOf(zone);
        List<String> types = new ArrayList<>();
        double price = Double.NaN;
        for (String name : claim.instanceTypes()) {
            for (TypeModel type : target.pool.types) {
                if (type.name.equals(name)) {
                    double p = type.price(1L << index, 1 << claim.capacityType().ordinal());
                    if (p < Double.POSITIVE_INFINITY) {
                        types.add(name);
                        if (Double.isNaN(price)) {
                            price = p;
                        }
                    }
                }
            }
        }
        return claim.inZone(zone, types, price);
    }

    /** Takes {@code pods} off the claims at {@code indexes} (dropping claims left empty) and records them unschedulable. */
    private static void drop(List<PlannedNodeClaim> claims, List<Integer> indexes, Set<String> pods, Map<String, String> unschedulable,
                             String reason) {
        for (int i : indexes) {
            PlannedNodeClaim claim = claims.get(i);
            List<String> kept = claim.pods().stream().filter(p -> !pods.contains(p)).toList();
            claim.pods().stream().filter(pods::contains).forEach(p -> unschedulable.put(p, reason));
            claims.set(i, kept.isEmpty() ? null : new PlannedNodeClaim(claim.name(), claim.nodePool(), claim.nodeClass(),
                    claim.capacityType(), claim.instanceTypes(), claim.zones(), claim.requirements(), kept, claim.requests(),
                    claim.hourlyPrice(), claim.capacityReservationId(), claim.gang()));
        }
    }
}
