package dev.spotter.sim;

import dev.spotter.cluster.ClusterApi;
import dev.spotter.cluster.ClusterEvent;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.EvictionResult;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodDisruptionBudget;
import dev.spotter.inmemory.RecordingClusterApi;
import dev.spotter.model.Taint;

import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes API server the simulated control plane talks to: the in-memory one ({@link RecordingClusterApi}),
 * with what the rest of a cluster would do on top of it. An eviction or the deletion of a node removes pods, which
 * their controller recreates ({@link Listener#podRemoved}, with the cause read from the node's NodeClaim); a change
 * that may let a pending pod be bound wakes the {@link Binder}.
 */
public final class SimulatedCluster implements ClusterApi {

    /** What the rest of the simulated cluster hears. */
    public interface Listener {
        /** A pod left its node without finishing: evicted, or its node deleted under it. */
        void podRemoved(Pod pod, String cause);

        /** Something changed that may let a pending pod be bound. */
        void roomChanged();

        /** Why the node is being taken away: interruption, consolidation, expiration or other. */
        String causeOf(String nodeName);
    }

    private final RecordingClusterApi api;
    private Listener listener;
    private int budgetViolations;
    private int evictionsBlocked;

    public SimulatedCluster(RecordingClusterApi api) {
        this.api = api;
    }

    void listen(Listener value) {
        this.listener = value;
    }

    public RecordingClusterApi api() {
        return api;
    }

    @Override
    public List<Pod> listUnschedulablePods() {
        return api.listUnschedulablePods();
    }

    @Override
    public List<Node> listNodes() {
        return api.listNodes();
    }

    @Override
    public List<Pod> listBoundPods() {
        return api.listBoundPods();
    }

    @Override
    public List<Pod> listPodsOnNode(String nodeName) {
        return api.listPodsOnNode(nodeName);
    }

    @Override
    public List<DaemonSet> listDaemonSets() {
        return api.listDaemonSets();
    }

    @Override
    public List<PodDisruptionBudget> listPodDisruptionBudgets() {
        return api.listPodDisruptionBudgets();
    }

    @Override
    public void taintNode(String nodeName, Taint taint) {
        api.taintNode(nodeName, taint);
    }

    @Override
    public void removeTaint(String nodeName, Taint taint) {
        api.removeTaint(nodeName, taint);
    }

    @Override
    public void labelNode(String nodeName, String key, String value) {
        api.labelNode(nodeName, key, value);
    }

    @Override
    public void cordonNode(String nodeName) {
        api.cordonNode(nodeName);
    }

    /**
     * Evicts through the in-memory API server (which refuses what a budget forbids), and checks independently that
     * no eviction it allowed left a budget's pods below what the budget keeps.
     */
    @Override
    public EvictionResult evictPod(String namespace, String name) {
        Optional<Pod> pod = api.pods().stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name))
                .findFirst();
        List<PodDisruptionBudget> before = pod.isEmpty() ? List.of() : api.listPodDisruptionBudgets().stream()
                .filter(budget -> budget.guards(pod.get())).toList();
        EvictionResult result = api.evictPod(namespace, name);
        if (result == EvictionResult.BLOCKED) {
            evictionsBlocked++;
        }
        if (result == EvictionResult.EVICTED && pod.isPresent()) {
            if (before.stream().anyMatch(PodDisruptionBudget::blocksEviction)) {
                budgetViolations++;
            }
            listener.podRemoved(pod.get(), listener.causeOf(pod.get().nodeName()));
            listener.roomChanged();
        }
        return result;
    }

    /** Deletes the node; its pods go with it (the pod garbage collector), and their controllers recreate them. */
    @Override
    public void deleteNode(String nodeName) {
        String cause = listener.causeOf(nodeName);
        boolean existed = api.currentNode(nodeName).isPresent();
        api.deleteNode(nodeName);
        if (existed) {
            removePodsOf(nodeName, cause);
        }
    }

    @Override
    public void recordEvent(ClusterEvent event) {
        // events are informative only; the simulation keeps none (they would grow with every pass)
    }

    /** The node lifecycle controller deleting a node whose instance is gone. */
    void nodeGone(String nodeName, String cause) {
        if (api.currentNode(nodeName).isPresent()) {
            api.removeNode(nodeName);
            removePodsOf(nodeName, cause);
        }
    }

    private void removePodsOf(String nodeName, String cause) {
        for (Pod pod : api.listPodsOnNode(nodeName)) {
            api.deletePod(pod.key());
            listener.podRemoved(pod, cause);
        }
        listener.roomChanged();
    }

    /** Evictions a budget's state before them should have refused but that went through: must stay 0. */
    public int budgetViolations() {
        return budgetViolations;
    }

    public int evictionsBlocked() {
        return evictionsBlocked;
    }
}
