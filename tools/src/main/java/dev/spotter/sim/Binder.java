package dev.spotter.sim;

import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.inmemory.RecordingClusterApi;
import dev.spotter.scheduling.ExistingNode;
import dev.spotter.scheduling.FirstFitDecreasing;
import dev.spotter.scheduling.Plan;
import dev.spotter.scheduling.SchedulingInput;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * kube-scheduler, simulated: binds pending pods to Ready, schedulable nodes with room. Where a pod fits is decided by
 * the placement engine's own feasibility checks (resources, node selectors and affinity, taints and tolerations,
 * topology spread, pod affinity), run as the first-fit-decreasing strategy over the existing nodes only, with no
 * NodePool to launch from. Requests are coalesced: one binding round per {@link #ROUND} at most.
 */
public final class Binder {
    static final Duration ROUND = Duration.ofSeconds(1);

    private final EventQueue events;
    private final RecordingClusterApi api;
    private final BiConsumer<Pod, String> onBound;
    private final FirstFitDecreasing engine = new FirstFitDecreasing();
    private boolean scheduled;
    private long rounds;

    public Binder(EventQueue events, RecordingClusterApi api, BiConsumer<Pod, String> onBound) {
        this.events = events;
        this.api = api;
        this.onBound = onBound;
    }

    /** Asks for a binding round soon. */
    public void request() {
        if (!scheduled) {
            scheduled = true;
            events.after(ROUND, this::bind);
        }
    }

    void bind() {
        scheduled = false;
        List<Pod> all = api.pods();
        List<Pod> pending = new ArrayList<>();
        Map<String, List<Pod>> byNode = new HashMap<>();
        for (Pod pod : all) {
            if (pod.isPending()) {
                pending.add(pod);
            } else {
                byNode.computeIfAbsent(pod.nodeName(), n -> new ArrayList<>()).add(pod);
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        List<ExistingNode> nodes = new ArrayList<>();
        for (Node node : api.nodes()) {
            if (node.ready() && !node.unschedulable()) {
                nodes.add(new ExistingNode(node, byNode.getOrDefault(node.name(), List.of())));
            }
        }
        if (nodes.isEmpty()) {
            return;
        }
        rounds++;
        Plan plan = engine.plan(SchedulingInput.builder().pendingPods(pending).nodes(nodes).build());
        Map<String, Pod> byKey = new HashMap<>();
        pending.forEach(pod -> byKey.put(pod.key(), pod));
        plan.nodePlacements().forEach((nodeName, keys) -> {
            for (String key : keys) {
                api.bind(key, nodeName);
                onBound.accept(byKey.get(key), nodeName);
            }
        });
    }

    public long rounds() {
        return rounds;
    }
}
