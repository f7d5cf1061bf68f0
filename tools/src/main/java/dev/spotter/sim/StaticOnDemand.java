package dev.spotter.sim;

import dev.spotter.catalog.InstanceType;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;
import dev.spotter.inmemory.RecordingCloudProvider;
import dev.spotter.model.Requirement;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.scheduling.Plan;
import dev.spotter.scheduling.Scheduler;
import dev.spotter.scheduling.SchedulingInput;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The floor of what a Cluster Autoscaler user with fixed on-demand node groups pays: one node group, sized once for the
 * workload's peak and running the whole time. The peak is the moment the live pods request the most CPU (replaying
 * the workload's changes; a Job's pods counted from their creation for their {@code runFor}); the group is the
 * cost-optimising plan for those pods with every NodePool limited to on-demand capacity. Pods never wait for it
 * (its nodes are already there); pods it cannot place count as unschedulable.
 */
final class StaticOnDemand {
    private StaticOnDemand() {
    }

    static StrategyResult run(SimulationSettings settings) {
        Workload workload = settings.workload();
        List<Pod> peak = peakPods(workload, settings.duration());
        List<NodePool> onDemandPools = settings.config().nodePools().stream().map(StaticOnDemand::onDemandOnly).toList();
        Map<String, List<InstanceType>> types = new TreeMap<>();
        for (NodeClass nodeClass : settings.config().nodeClasses()) {
            types.put(nodeClass.name(), ControlPlane.INSTANCE_TYPES.forNodeClass(nodeClass, RecordingCloudProvider.ALL_ZONES, java.util.Set.of()));
        }
        Plan plan = Scheduler.create().plan(SchedulingInput.builder().pendingPods(peak).nodePools(onDemandPools)
                .nodeClasses(settings.config().nodeClasses()).instanceTypes(types).build());
        Instant start = SimulationSettings.START;
        Instant end = start.plus(settings.duration());
        Recorder recorder = new Recorder(start);
        int index = 0;
        for (var claim : plan.nodeClaims()) {
            recorder.instanceLaunched("static-" + index++, claim.instanceTypes().get(0), claim.capacityType(),
                    claim.hourlyPrice(), start);
        }
        Duration every = Duration.ofSeconds(Math.max(60, settings.duration().toSeconds() / 720));
        for (Instant at = start; at.isBefore(end); at = at.plus(every)) {
            recorder.sampleStatic(at, plan.hourlyCost(), plan.nodeClaims().size());
        }
        recorder.sampleStatic(end, plan.hourlyCost(), plan.nodeClaims().size());
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("peakPods", peak.size());
        extra.put("groupNodes", plan.nodeClaims().size());
        extra.put("groupHourlyCost", Recorder.round(plan.hourlyCost()));
        StrategyResult result = recorder.finish(Strategy.ON_DEMAND_STATIC.label(), end, extra);
        return new StrategyResult(result.name(), result.totalCost(), result.spotCost(), result.onDemandCost(),
                result.spotShare(), result.nodeHours(), result.nodesLaunched(), 0, result.peakNodes(),
                result.podWaitSeconds(), plan.placedPodCount(), plan.unschedulable().size(), 0, 0, result.podsEvicted(),
                result.samples(), extra);
    }

    private static NodePool onDemandOnly(NodePool pool) {
        return new NodePool(pool.name(), pool.nodeClassName(), pool.labels(), pool.annotations(),
                pool.requirements().and(Requirement.in(WellKnownLabels.CAPACITY_TYPE, "on-demand")), pool.taints(),
                pool.startupTaints(), pool.expireAfter(), pool.terminationGracePeriod(), pool.disruption(), pool.limits(),
                pool.weight());
    }

    /** The live pods at the moment they request the most CPU within the run. */
    static List<Pod> peakPods(Workload workload, Duration duration) {
        record Live(Workload.Owner owner, int count, Duration end) {
        }
        Map<Workload.Owner, Integer> replicas = new LinkedHashMap<>();
        PriorityQueue<Live> started = new PriorityQueue<>((a, b) -> a.end.compareTo(b.end));
        Map<Workload.Owner, Integer> startedCount = new HashMap<>();
        long cpu = 0;
        long best = -1;
        Map<Workload.Owner, Integer> bestSet = Map.of();
        List<Workload.Change> changes = workload.changes();
        int i = 0;
        while (i < changes.size() && changes.get(i).at().compareTo(duration) <= 0) {
            Duration at = changes.get(i).at();
            while (!started.isEmpty() && started.peek().end.compareTo(at) <= 0) {
                Live gone = started.poll();
                startedCount.merge(gone.owner, -gone.count, Integer::sum);
                cpu -= cpuOf(workload, gone.owner) * gone.count;
            }
            for (; i < changes.size() && changes.get(i).at().equals(at); i++) {
                Workload.Change change = changes.get(i);
                if (change instanceof Workload.Scale scale) {
                    int before = replicas.getOrDefault(scale.owner(), 0);
                    replicas.put(scale.owner(), scale.replicas());
                    cpu += cpuOf(workload, scale.owner()) * (scale.replicas() - before);
                } else if (change instanceof Workload.Start begin) {
                    Duration end = begin.deleteAt() != null ? begin.deleteAt()
                            : begin.runFor() != null ? at.plus(begin.runFor()) : duration.plusSeconds(1);
                    started.add(new Live(begin.owner(), begin.count(), end));
                    startedCount.merge(begin.owner(), begin.count(), Integer::sum);
                    cpu += cpuOf(workload, begin.owner()) * begin.count();
                } else {
                    throw new IllegalArgumentException("unknown workload change " + change.getClass().getName());
                }
            }
            if (cpu > best) {
                best = cpu;
                Map<Workload.Owner, Integer> set = new LinkedHashMap<>(replicas);
                startedCount.forEach((owner, count) -> set.merge(owner, count, Integer::sum));
                bestSet = set;
            }
        }
        List<Pod> pods = new ArrayList<>();
        bestSet.forEach((owner, count) -> {
            Pod template = workload.templates().get(owner);
            for (int n = 0; n < count; n++) {
                pods.add(PodCopies.pending(template, owner.name() + "-peak-" + n, owner.key() + "#peak" + n,
                        owner.kind(), owner.name(), SimulationSettings.START));
            }
        });
        return pods;
    }

    private static long cpuOf(Workload workload, Workload.Owner owner) {
        return workload.templates().get(owner).requests().cpuMillis();
    }
}
