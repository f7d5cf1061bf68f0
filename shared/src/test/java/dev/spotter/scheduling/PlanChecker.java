package dev.spotter.scheduling;

import dev.spotter.catalog.InstanceType;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;
import dev.spotter.cluster.TopologySpreadConstraint;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Toleration;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a plan against its input without using the engine's code: every pod accounted for once, every candidate of
 * every claim has room for its pods and DaemonSets and satisfies their selectors, GPU types only with GPU pods, limits
 * kept, zonal spread within maxSkew, hostname anti-affinity respected. Returns the violations found.
 */
final class PlanChecker {
    private PlanChecker() {
    }

    static List<String> violations(SchedulingInput input, Plan plan) {
        List<String> problems = new ArrayList<>();
        Map<String, Pod> pending = new TreeMap<>();
        input.pendingPods().stream().filter(p -> p.isPending() && !p.isDaemonSetPod()).forEach(p -> pending.put(p.key(), p));
        input.inFlightClaims().forEach(c -> c.pods().forEach(p -> pending.remove(p.key())));
        Map<String, Integer> seen = new HashMap<>();
        plan.nodeClaims().forEach(c -> c.pods().forEach(p -> seen.merge(p, 1, Integer::sum)));
        plan.nodePlacements().values().forEach(l -> l.forEach(p -> seen.merge(p, 1, Integer::sum)));
        plan.inFlightPlacements().values().forEach(l -> l.forEach(p -> seen.merge(p, 1, Integer::sum)));
        plan.unschedulable().forEach(u -> seen.merge(u.pod(), 1, Integer::sum));
        for (String key : pending.keySet()) {
            if (seen.getOrDefault(key, 0) != 1) {
                problems.add(key + " appears " + seen.getOrDefault(key, 0) + " times");
            }
        }
        Map<String, InstanceType> types = new HashMap<>();
        input.instanceTypes().values().forEach(list -> list.forEach(t -> types.put(t.name(), t)));
        Map<String, NodePool> pools = new HashMap<>();
        input.nodePools().forEach(p -> pools.put(p.name(), p));
        double cost = 0;
        Map<String, Long> cpuCharged = new HashMap<>();
        for (PlannedNodeClaim claim : plan.nodeClaims()) {
            cost += claim.hourlyPrice();
            NodePool pool = pools.get(claim.nodePool());
            List<Pod> pods = claim.pods().stream().map(pending::get).toList();
            if (claim.instanceTypes().isEmpty() || claim.instanceTypes().size() > 60) {
                problems.add(claim.name() + " has " + claim.instanceTypes().size() + " candidates");
                continue;
            }
            long maxCpu = 0;
            for (String name : claim.instanceTypes()) {
                InstanceType type = types.get(name);
                Resources needed = Resources.NONE;
                for (Pod pod : pods) {
                    needed = needed.plus(pod.requests()).plus(Resources.builder().pods(1).build());
                }
                for (DaemonSet daemonSet : input.daemonSets()) {
                    if (landsOn(daemonSet.template(), pool, type)) {
                        needed = needed.plus(daemonSet.template().requests()).plus(Resources.builder().pods(1).build());
                    }
                }
                if (!needed.fitsIn(type.allocatable())) {
                    problems.add(claim.name() + ": " + name + " cannot hold " + needed);
                }
                for (Pod pod : pods) {
                    if (!Requirements.fromLabels(pod.nodeSelector()).intersects(type.requirements())) {
                        problems.add(claim.name() + ": " + name + " does not satisfy " + pod.key() + "'s node selector");
                    }
                    boolean wantsGpu = pod.requests().get(Resources.NVIDIA_GPU) > 0;
                    if (type.spec().hasGpu() && !wantsGpu && !gpuOnly(pool, input)) {
                        problems.add(claim.name() + ": plain pod " + pod.key() + " on GPU type " + name);
                    }
                }
                maxCpu = Math.max(maxCpu, type.capacity().cpuMillis());
                if (type.offerings().stream().noneMatch(o -> o.capacityType() == claim.capacityType() && claim.zones().contains(o.zone()))) {
                    problems.add(claim.name() + ": " + name + " has no offering in its zones");
                }
            }
            cpuCharged.merge(claim.nodePool(), maxCpu, Long::sum);
            for (Pod pod : pods) {
                if (pod.tolerations().isEmpty() && pool.taints().stream().anyMatch(t -> Toleration.firstUntolerated(List.of(t), List.of()) != null)) {
                    problems.add(pod.key() + " on tainted nodepool " + pool.name());
                }
            }
            checkAntiAffinity(claim, pods, problems);
        }
        if (Math.abs(cost - plan.hourlyCost()) > 1e-6) {
            problems.add("hourly cost " + plan.hourlyCost() + " is not the sum of claim prices " + cost);
        }
        for (NodePool pool : input.nodePools()) {
            long limit = pool.limits().cpuMillis();
            if (limit == 0) {
                continue;
            }
            long existing = input.nodes().stream().filter(n -> pool.name().equals(n.node().labels().get(WellKnownLabels.NODEPOOL)))
                    .mapToLong(n -> n.node().capacity().cpuMillis()).sum();
            if (existing + cpuCharged.getOrDefault(pool.name(), 0L) > limit) {
                problems.add("nodepool " + pool.name() + " exceeds its cpu limit: " + (existing + cpuCharged.getOrDefault(pool.name(), 0L)));
            }
        }
        checkZonalSpread(input, plan, pending, problems);
        return problems;
    }

    private static boolean landsOn(Pod template, NodePool pool, InstanceType type) {
        if (Toleration.firstUntolerated(pool.taints(), template.tolerations()) != null) {
            return false;
        }
        return Requirements.fromLabels(template.nodeSelector()).intersects(type.requirements());
    }

    private static boolean gpuOnly(NodePool pool, SchedulingInput input) {
        return input.instanceTypes().get(pool.nodeClassName()).stream()
                .filter(t -> pool.requirements().intersects(t.requirements()))
                .allMatch(t -> t.spec().hasGpu());
    }

    private static void checkAntiAffinity(PlannedNodeClaim claim, List<Pod> pods, List<String> problems) {
        for (Pod owner : pods) {
            for (PodAffinityTerm term : owner.podAntiAffinity()) {
                if (!term.topologyKey().equals(WellKnownLabels.HOSTNAME)) {
                    continue;
                }
                for (Pod other : pods) {
                    if (other != owner && term.selector().matchesLabels(other.labels())) {
                        problems.add(claim.name() + ": " + other.key() + " shares a node with anti-affine " + owner.key());
                    }
                }
            }
        }
    }

    /** For zonal spread constraints with maxSkew: final counts per zone (existing + planned) within the skew. */
    private static void checkZonalSpread(SchedulingInput input, Plan plan, Map<String, Pod> pending, List<String> problems) {
        Map<TopologySpreadConstraint, Map<String, Integer>> counts = new HashMap<>();
        Set<TopologySpreadConstraint> constraints = new HashSet<>();
        pending.values().forEach(p -> p.topologySpread().stream().filter(c -> c.topologyKey().equals(WellKnownLabels.ZONE)
                && c.doNotSchedule()).forEach(constraints::add));
        for (TopologySpreadConstraint constraint : constraints) {
            Map<String, Integer> perZone = new TreeMap<>();
            Fixtures.ZONES.forEach(z -> perZone.put(z, 0));
            for (ExistingNode node : input.nodes()) {
                String zone = node.node().labels().get(WellKnownLabels.ZONE);
                List<String> placed = plan.nodePlacements().getOrDefault(node.name(), List.of());
                long matching = node.pods().stream().filter(p -> constraint.selector().matchesLabels(p.labels())).count()
                        + placed.stream().map(pending::get).filter(p -> constraint.selector().matchesLabels(p.labels())).count();
                perZone.merge(zone, (int) matching, Integer::sum);
            }
            for (PlannedNodeClaim claim : plan.nodeClaims()) {
                long matching = claim.pods().stream().map(pending::get).filter(p -> constraint.selector().matchesLabels(p.labels())).count();
                if (matching == 0) {
                    continue;
                }
                boolean owners = claim.pods().stream().map(pending::get).anyMatch(p -> p.topologySpread().contains(constraint));
                if (owners && claim.zones().size() != 1) {
                    problems.add(claim.name() + " holds spread pods but is not pinned to one zone");
                }
                if (claim.zones().size() == 1) {
                    perZone.merge(claim.zones().get(0), (int) matching, Integer::sum);
                }
            }
            counts.put(constraint, perZone);
            int max = perZone.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            int min = perZone.values().stream().mapToInt(Integer::intValue).min().orElse(0);
            if (max - min > constraint.maxSkew()) {
                problems.add("zonal spread skewed: " + perZone);
            }
        }
    }
}
