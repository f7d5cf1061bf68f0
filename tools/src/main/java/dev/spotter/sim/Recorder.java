package dev.spotter.sim;

import dev.spotter.catalog.CapacityType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one strategy's run measured, fed by the simulated cloud and cluster as things happen: instances (their price
 * integrated over the time they ran), pods' waits from creation to bound, evictions by cause, interruptions and
 * whether the displaced pods were bound again before their node went away, and the fleet sampled over time.
 */
public final class Recorder {
    /** Causes of an eviction, as the report names them. */
    public static final List<String> CAUSES = List.of("interruption", "consolidation", "expiration", "other");
    /** A pod that waited at least this long and was never bound counts as unschedulable. */
    static final Duration UNSCHEDULABLE_AFTER = Duration.ofMinutes(10);

    private final Instant start;
    private final Map<String, Running> running = new HashMap<>();
    private final Map<String, Instant> pendingSince = new HashMap<>();
    private final List<Double> waits = new ArrayList<>();
    private final Map<String, Integer> evicted = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, Storm> interrupted = new HashMap<>();
    private double spotCost;
    private double onDemandCost;
    private double spotSeconds;
    private double onDemandSeconds;
    private int launched;
    private int terminated;
    private int unschedulable;
    private int interruptions;
    private int replacedInTime;
    private int peakNodes;

    public Recorder(Instant start) {
        this.start = start;
        CAUSES.forEach(cause -> evicted.put(cause, 0));
    }

    record Running(String type, CapacityType capacityType, double price, Instant since) {
    }

    /** One sample of the fleet: hours from the start, $/h of spot and on-demand nodes, node counts, pending pods. */
    public record Sample(double hours, double spotPerHour, double onDemandPerHour, int spotNodes, int onDemandNodes,
                         int pendingPods) {
    }

    /** The pods displaced by one interruption warning, by their workload slot, and when they were all bound again. */
    private static final class Storm {
        final Instant warned;
        final Set<String> slots;
        Instant terminated;

        Storm(Instant warned, Set<String> slots) {
            this.warned = warned;
            this.slots = slots;
        }
    }

    public void instanceLaunched(String instanceId, String type, CapacityType capacityType, double price, Instant at) {
        running.put(instanceId, new Running(type, capacityType, price, at));
        launched++;
        peakNodes = Math.max(peakNodes, running.size());
    }

    public void instanceTerminated(String instanceId, Instant at) {
        Running instance = running.remove(instanceId);
        if (instance == null) {
            return;
        }
        terminated++;
        charge(instance, instance.since, at);
    }

    private void charge(Running instance, Instant from, Instant to) {
        double seconds = Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
        double cost = instance.price * seconds / 3600.0;
        if (instance.capacityType == CapacityType.SPOT) {
            spotCost += cost;
            spotSeconds += seconds;
        } else {
            onDemandCost += cost;
            onDemandSeconds += seconds;
        }
    }

    public void podCreated(String key, Instant at) {
        pendingSince.put(key, at);
    }

    public void podBound(String key, Instant at) {
        Instant created = pendingSince.remove(key);
        if (created != null) {
            waits.add(Duration.between(created, at).toMillis() / 1000.0);
        }
    }

    /** A pod deleted before it was ever bound. */
    public void podGone(String key, Instant at) {
        Instant created = pendingSince.remove(key);
        if (created != null && !Duration.between(created, at).minus(UNSCHEDULABLE_AFTER).isNegative()) {
            unschedulable++;
        }
    }

    public void podEvicted(String cause) {
        evicted.merge(CAUSES.contains(cause) ? cause : "other", 1, Integer::sum);
    }

    /** A spot interruption warning for the instance, with the workload slots of the pods on its node then. */
    public void interruptionWarned(String instanceId, Set<String> slots, Instant at) {
        interruptions++;
        interrupted.put(instanceId, new Storm(at, slots));
    }

    /** The interrupted instance is terminated now; {@code rebound} says whether all its pods' slots are bound again. */
    public void interruptedInstanceGone(String instanceId, boolean rebound, Instant at) {
        Storm storm = interrupted.get(instanceId);
        if (storm != null && storm.terminated == null) {
            storm.terminated = at;
            if (rebound) {
                replacedInTime++;
            }
        }
    }

    public Set<String> slotsOfInterrupted(String instanceId) {
        Storm storm = interrupted.get(instanceId);
        return storm == null ? Set.of() : storm.slots;
    }

    public void sample(Instant at, int pendingPods) {
        double spot = 0;
        double onDemand = 0;
        int spotNodes = 0;
        int onDemandNodes = 0;
        for (Running instance : running.values()) {
            if (instance.capacityType == CapacityType.SPOT) {
                spot += instance.price;
                spotNodes++;
            } else {
                onDemand += instance.price;
                onDemandNodes++;
            }
        }
        samples.add(new Sample(hours(at), round(spot), round(onDemand), spotNodes, onDemandNodes, pendingPods));
    }

    /** Sampled fleet for a static group: the same figures every time. */
    public void sampleStatic(Instant at, double onDemandPerHour, int nodes) {
        samples.add(new Sample(hours(at), 0, round(onDemandPerHour), 0, nodes, 0));
    }

    private double hours(Instant at) {
        return Duration.between(start, at).toMillis() / 3_600_000.0;
    }

    /** Closes the run at {@code end}: instances still running are charged up to it, pods still pending counted. */
    public StrategyResult finish(String name, Instant end, Map<String, Object> extra) {
        for (Running instance : running.values()) {
            charge(instance, instance.since, end);
        }
        running.clear();
        for (Instant created : pendingSince.values()) {
            if (!Duration.between(created, end).minus(UNSCHEDULABLE_AFTER).isNegative()) {
                unschedulable++;
            }
        }
        double[] sorted = waits.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        Map<String, Double> wait = new LinkedHashMap<>();
        wait.put("p50", percentile(sorted, 0.50));
        wait.put("p95", percentile(sorted, 0.95));
        wait.put("p99", percentile(sorted, 0.99));
        wait.put("max", sorted.length == 0 ? 0.0 : sorted[sorted.length - 1]);
        double nodeSeconds = spotSeconds + onDemandSeconds;
        return new StrategyResult(name, round(spotCost + onDemandCost), round(spotCost), round(onDemandCost),
                nodeSeconds == 0 ? 0 : round(spotSeconds / nodeSeconds), round(nodeSeconds / 3600.0), launched, terminated,
                peakNodes, wait, sorted.length, unschedulable, interruptions, replacedInTime, new TreeMap<>(evicted),
                List.copyOf(samples), extra);
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return round(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
    }

    static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
