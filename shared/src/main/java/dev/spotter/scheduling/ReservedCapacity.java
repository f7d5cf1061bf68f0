package dev.spotter.scheduling;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.Offering;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves planned claims into capacity reservations, Karpenter's capacity type {@code reserved}: a reservation is
 * already paid for, so while it has room its marginal price is zero and it is used before spot and on-demand. The
 * dearest claims go first (they save the most). A claim moves when its NodePool and its pods allow {@code reserved},
 * one of its fitting candidate types has an available reserved offering in one of its zones, and that reservation
 * still has room for one more instance in this plan; it then has that one type and zone, an instance price of 0 (its
 * hourly price is only what the node pays besides its instance: volumes, public IPv4) and the reservation's id. Each reservation takes at most its available instance count; what does not fit stays spot or
 * on-demand (the fallback). The claims of a gang move together, into reservations of one zone, or not at all (a gang is
 * launched by one fleet of one capacity type). Reserved offerings are not packed on themselves (the packer plans spot and on-demand),
 * so a NodePool that allows only {@code reserved} gets no claims (planned).
 */
final class ReservedCapacity {
    static final String RESERVATION_ID_LABEL = "karpenter.k8s.aws/capacity-reservation-id";
    static final String RESERVATION_TYPE_LABEL = "karpenter.k8s.aws/capacity-reservation-type";

    private ReservedCapacity() {
    }

    static List<PlannedNodeClaim> fill(Problem problem, List<ClaimTarget> targets, List<PlannedNodeClaim> claims) {
        Map<String, Integer> room = new HashMap<>();
        boolean any = false;
        for (PoolModel pool : problem.pools) {
            for (TypeModel type : pool.types) {
                for (Offering offering : type.type.offerings()) {
                    if (offering.isReserved()) {
                        room.putIfAbsent(offering.reservationId(), offering.reservationCapacity());
                        any = true;
                    }
                }
            }
        }
        if (!any) {
            return claims;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -claims.get(i).hourlyPrice()).thenComparing(i -> claims.get(i).name()));
        Map<Integer, List<Integer>> gangOf = gangMembers(problem, claims);
        List<PlannedNodeClaim> result = new ArrayList<>(claims);
        java.util.Set<Integer> done = new java.util.HashSet<>();
        for (int i : order) {
            if (!done.add(i)) {
                continue;
            }
            List<Integer> unit = gangOf.getOrDefault(i, List.of(i));
            done.addAll(unit);
            // a gang moves whole, all into one zone's reservations, or stays as planned
            Map<String, Integer> tentative = new HashMap<>(room);
            List<PlannedNodeClaim> moved = new ArrayList<>();
            String zone = null;
            for (int member : unit) {
                PlannedNodeClaim claim = allowsReserved(targets.get(member))
                        ? reserve(problem, targets.get(member), claims.get(member), tentative, zone) : null;
                if (claim == null) {
                    moved = null;
                    break;
                }
                zone = claim.zones().get(0);
                moved.add(claim);
            }
            if (moved != null) {
                room.clear();
                room.putAll(tentative);
                for (int k = 0; k < unit.size(); k++) {
                    result.set(unit.get(k), moved.get(k));
                }
            }
        }
        return result;
    }

    /** For each claim holding a gang's pods, the indexes of every claim holding pods of that gang. */
    private static Map<Integer, List<Integer>> gangMembers(Problem problem, List<PlannedNodeClaim> claims) {
        Map<Integer, List<Integer>> byClaim = new HashMap<>();
        for (dev.spotter.cluster.Gang gang : problem.input.gangs()) {
            java.util.Set<String> pods = new java.util.HashSet<>(gang.podKeys());
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < claims.size(); i++) {
                if (claims.get(i).pods().stream().anyMatch(pods::contains)) {
                    members.add(i);
                }
            }
            members.forEach(i -> byClaim.put(i, members));
        }
        return byClaim;
    }

    private static boolean allowsReserved(ClaimTarget target) {
        return target.requirements.get(WellKnownLabels.CAPACITY_TYPE)
                .map(requirement -> requirement.has(CapacityType.RESERVED.label())).orElse(false);
    }

    private static PlannedNodeClaim reserve(Problem problem, ClaimTarget target, PlannedNodeClaim claim, Map<String, Integer> room,
                                            String zone) {
        List<String> zones = problem.zones.names(target.zoneMask);
        for (int t = Bits.next(target.candidates, 0); t >= 0; t = Bits.next(target.candidates, t + 1)) {
            TypeModel type = target.pool.types[t];
            for (Offering offering : type.type.offerings()) {
                if (!offering.isReserved() || !offering.available() || !zones.contains(offering.zone())
                        || (zone != null && !zone.equals(offering.zone()))
                        || room.getOrDefault(offering.reservationId(), 0) <= 0
                        || problem.input.unavailableOfferings().contains(
                        new OfferingKey(CapacityType.RESERVED, type.name, offering.zone()))) {
                    continue;
                }
                room.merge(offering.reservationId(), -1, Integer::sum);
                Requirements requirements = withoutOfferingKeys(claim.requirements())
                        .and(Requirement.in(WellKnownLabels.CAPACITY_TYPE, CapacityType.RESERVED.label()))
                        .and(Requirement.in(WellKnownLabels.ZONE, offering.zone()))
                        .and(Requirement.in(WellKnownLabels.INSTANCE_TYPE, type.name))
                        .and(Requirement.in(RESERVATION_ID_LABEL, offering.reservationId()))
                        .and(Requirement.in(RESERVATION_TYPE_LABEL, offering.reservationType()));
                return new PlannedNodeClaim(claim.name(), claim.nodePool(), claim.nodeClass(), CapacityType.RESERVED,
                        List.of(type.name), List.of(offering.zone()), requirements, claim.pods(),
                        claim.requests().minus(problem.resources.toResources(target.pool.types[claimFirst(claim, target)].daemonOverhead))
                                .plus(problem.resources.toResources(type.daemonOverhead)),
                        nodeExtras(problem, claim.nodeClass()), offering.reservationId());
            }
        }
        return null;
    }

    /** What a node of the NodeClass pays besides its instance, per hour (a reservation pays for the instance). */
    private static double nodeExtras(Problem problem, String nodeClassName) {
        return problem.input.nodeClasses().stream().filter(c -> c.name().equals(nodeClassName)).findFirst()
                .map(c -> PoolCompiler.NODE_COSTS.of(c).perHour()).orElse(0.0);
    }

    /** The index of the claim's first candidate type (whose DaemonSet overhead its requests include). */
    private static int claimFirst(PlannedNodeClaim claim, ClaimTarget target) {
        String first = claim.instanceTypes().get(0);
        for (int i = 0; i < target.pool.types.length; i++) {
            if (target.pool.types[i].name.equals(first)) {
                return i;
            }
        }
        throw new IllegalStateException("claim " + claim.name() + " names a type its NodePool does not have: " + first);
    }

    private static Requirements withoutOfferingKeys(Requirements requirements) {
        List<Requirement> kept = new ArrayList<>();
        for (Requirement requirement : requirements.all()) {
            String key = requirement.key();
            if (!key.equals(WellKnownLabels.CAPACITY_TYPE) && !key.equals(WellKnownLabels.ZONE)
                    && !key.equals(WellKnownLabels.INSTANCE_TYPE)) {
                kept.add(requirement);
            }
        }
        return Requirements.of(kept);
    }

}
