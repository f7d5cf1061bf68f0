package dev.spotter.scheduling;

import dev.spotter.catalog.CapacityType;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.WellKnownLabels;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a finished scheduling state into a {@link Plan}: for each claim, chooses the capacity type (spot unless no
 * spot offering of its candidates is available and at most the cheapest on-demand price), orders the candidates
 * cheapest first, truncates them to 60 while keeping minValues, and names it from its NodePool and pods.
 */
final class PlanAssembler {
    static final int MAX_INSTANCE_TYPES = 60;

    private PlanAssembler() {
    }

    static Plan assemble(SchedulingState state, Map<PodModel, String> unschedulable, String strategy) {
        Set<String> usedNames = new HashSet<>(state.problem.existingClaimNames);
        List<PlannedNodeClaim> claims = new ArrayList<>();
        List<ClaimTarget> targets = state.liveClaims();
        for (ClaimTarget claim : targets) {
            claims.add(plan(state, claim, usedNames));
        }
        claims = ReservedCapacity.fill(state.problem, targets, claims);
        TreeMap<String, List<String>> nodes = new TreeMap<>();
        TreeMap<String, List<String>> inFlight = new TreeMap<>();
        for (NodeTarget target : state.problem.nodeTargets) {
            if (target.pods.isEmpty()) {
                continue;
            }
            List<String> keys = target.pods.stream().map(p -> p.key).sorted().toList();
            (target.inFlight ? inFlight : nodes).put(target.name, keys);
        }
        GangsAndPlacementGroups.Result constrained = GangsAndPlacementGroups.apply(state.problem, targets, claims, nodes, inFlight);
        claims = constrained.claims().stream().filter(java.util.Objects::nonNull).toList();
        double cost = 0;
        for (PlannedNodeClaim planned : claims) {
            cost += planned.hourlyPrice();
        }
        List<UnschedulablePod> failed = new ArrayList<>();
        unschedulable.forEach((pod, reason) -> failed.add(new UnschedulablePod(pod.key, reason)));
        constrained.unschedulable().forEach((pod, reason) -> failed.add(new UnschedulablePod(pod, reason)));
        failed.sort(Comparator.comparing(UnschedulablePod::pod));
        return new Plan(claims, nodes, inFlight, failed, cost, strategy);
    }

    private static PlannedNodeClaim plan(SchedulingState state, ClaimTarget claim, Set<String> usedNames) {
        PoolModel pool = claim.pool;
        List<TypeModel> candidates = new ArrayList<>();
        for (int i = Bits.next(claim.candidates, 0); i >= 0; i = Bits.next(claim.candidates, i + 1)) {
            candidates.add(pool.types[i]);
        }
        long zones = claim.zoneMask;
        double spot = cheapest(candidates, zones, 1 << Zones.SPOT, claim.capacityTypes);
        double onDemand = cheapest(candidates, zones, 1 << Zones.ON_DEMAND, claim.capacityTypes);
        int ct = spot <= onDemand ? Zones.SPOT : Zones.ON_DEMAND;
        int ctMask = 1 << ct;
        List<TypeModel> offered = new ArrayList<>();
        for (TypeModel type : candidates) {
            double price = type.price(zones, ctMask);
            // Karpenter drops spot types dearer than the cheapest on-demand one while on-demand is allowed
            if (price < Double.POSITIVE_INFINITY && (ct == Zones.ON_DEMAND || price <= onDemand)) {
                offered.add(type);
            }
        }
        offered.sort(Comparator.comparingDouble((TypeModel t) -> t.price(zones, ctMask)).thenComparing(t -> t.name));
        List<TypeModel> chosen = truncate(pool, offered);
        long claimZones = 0;
        for (TypeModel type : chosen) {
            claimZones |= type.zones[ct] & zones;
        }
        List<String> zoneNames = state.problem.zones.names(claimZones);
        List<String> typeNames = chosen.stream().map(t -> t.name).toList();
        Requirements requirements = claim.requirements
                .and(Requirement.in(WellKnownLabels.CAPACITY_TYPE, Zones.capacityTypeLabel(ct)))
                .and(Requirement.of(WellKnownLabels.ZONE, dev.spotter.model.Operator.IN, zoneNames))
                .and(Requirement.of(WellKnownLabels.INSTANCE_TYPE, dev.spotter.model.Operator.IN, typeNames));
        List<String> pods = claim.pods.stream().map(p -> p.key).sorted().toList();
        long[] requests = claim.used.clone();
        ResourceIndex.add(requests, chosen.get(0).daemonOverhead);
        double price = chosen.get(0).price(zones, ctMask);
        return new PlannedNodeClaim(name(pool.name, pods, usedNames), pool.name, pool.nodeClass, CapacityType.values()[ct], typeNames,
                zoneNames, requirements, pods, state.resources.toResources(requests), price);
    }

    private static double cheapest(List<TypeModel> types, long zones, int ctMask, int allowed) {
        if ((allowed & ctMask) == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double best = Double.POSITIVE_INFINITY;
        for (TypeModel type : types) {
            best = Math.min(best, type.price(zones, ctMask));
        }
        return best;
    }

    /** The 60 cheapest, plus the cheapest type of each missing value while a minValues key is short of values. */
    static List<TypeModel> truncate(PoolModel pool, List<TypeModel> sorted) {
        List<TypeModel> chosen = new ArrayList<>(sorted.subList(0, Math.min(MAX_INSTANCE_TYPES, sorted.size())));
        for (int k = 0; k < pool.minValues.size(); k++) {
            int needed = pool.minValues.get(k).minValues();
            int[] ids = pool.minValueIds[k];
            Set<Integer> seen = new HashSet<>();
            chosen.forEach(t -> {
                if (ids[t.index] >= 0) {
                    seen.add(ids[t.index]);
                }
            });
            for (TypeModel type : sorted) {
                if (seen.size() >= needed) {
                    break;
                }
                if (ids[type.index] >= 0 && seen.add(ids[type.index])) {
                    chosen.add(type);
                }
            }
        }
        return chosen;
    }

    /** "<nodepool>-<8 base32 chars of a hash of the pods>": the same pods give the same name, across runs. */
    static String name(String pool, List<String> pods, Set<String> usedNames) {
        String base = pool + "-" + hash(pool + "\n" + String.join("\n", pods));
        String name = base;
        for (int suffix = 2; !usedNames.add(name); suffix++) {
            name = base + "-" + suffix;
        }
        return name;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
            StringBuilder out = new StringBuilder();
            long bits = 0;
            for (int i = 0; i < 5; i++) {
                bits = (bits << 8) | (digest[i] & 0xff);
            }
            for (int i = 0; i < 8; i++) {
                out.append(alphabet.charAt((int) ((bits >>> (35 - 5 * i)) & 31)));
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
