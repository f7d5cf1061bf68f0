package dev.spotter.testing.fakes;

import dev.spotter.cluster.ClusterApi;
import dev.spotter.cluster.ClusterEvent;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.EvictionResult;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.NodeNotFoundException;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodDisruptionBudget;
import dev.spotter.model.Taint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cluster in memory that behaves like the API server for what Spotter writes: taints are added once per key and
 * effect, cordon sets the node unschedulable, an eviction removes the pod (unless {@link #blockEviction} made it
 * answer BLOCKED, as a PodDisruptionBudget would), deleting a missing node succeeds. Every write and every list is
 * recorded ("taintNode node-a karpenter.sh/disrupted:NoSchedule", "evictPod default/web-1 EVICTED", ...) and errors
 * can be queued per method (see {@link FakeCalls}).
 */
public final class RecordingClusterApi extends FakeCalls implements ClusterApi {
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Pod> pods = new LinkedHashMap<>();
    private final List<DaemonSet> daemonSets = new ArrayList<>();
    private final List<PodDisruptionBudget> budgets = new ArrayList<>();
    private final Set<String> blockedEvictions = new HashSet<>();
    private final List<ClusterEvent> events = new ArrayList<>();

    /** Adds or replaces a node: test set-up, not recorded. */
    public synchronized RecordingClusterApi node(Node node) {
        nodes.put(node.name(), node);
        return this;
    }

    /** Adds or replaces a pod (pending when its nodeName is empty): test set-up, not recorded. */
    public synchronized RecordingClusterApi pod(Pod pod) {
        pods.put(pod.key(), pod);
        return this;
    }

    public synchronized RecordingClusterApi daemonSet(DaemonSet daemonSet) {
        daemonSets.add(daemonSet);
        return this;
    }

    /** Evictions of this pod ("namespace/name") answer BLOCKED and leave it in place, until {@link #allowEviction}. */
    public synchronized RecordingClusterApi blockEviction(String podKey) {
        blockedEvictions.add(podKey);
        return this;
    }

    public synchronized RecordingClusterApi allowEviction(String podKey) {
        blockedEvictions.remove(podKey);
        return this;
    }

    @Override
    public synchronized List<Pod> listUnschedulablePods() {
        record("listUnschedulablePods", "");
        return pods.values().stream().filter(Pod::isPending).toList();
    }

    @Override
    public synchronized List<Node> listNodes() {
        record("listNodes", "");
        return List.copyOf(nodes.values());
    }

    @Override
    public synchronized List<Pod> listBoundPods() {
        record("listBoundPods", "");
        return pods.values().stream().filter(pod -> !pod.isPending()).toList();
    }

    @Override
    public synchronized List<Pod> listPodsOnNode(String nodeName) {
        record("listPodsOnNode", nodeName);
        return pods.values().stream().filter(pod -> pod.nodeName().equals(nodeName)).toList();
    }

    @Override
    public synchronized List<DaemonSet> listDaemonSets() {
        record("listDaemonSets", "");
        return List.copyOf(daemonSets);
    }

    @Override
    public synchronized List<PodDisruptionBudget> listPodDisruptionBudgets() {
        record("listPodDisruptionBudgets", "");
        return List.copyOf(budgets);
    }

    @Override
    public synchronized void taintNode(String nodeName, Taint taint) {
        record("taintNode", nodeName + " " + taint.key() + ":" + taint.effect());
        Node node = existing(nodeName);
        if (node.taints().stream().anyMatch(t -> t.key().equals(taint.key()) && t.effect().equals(taint.effect()))) {
            return;
        }
        List<Taint> taints = new ArrayList<>(node.taints());
        taints.add(taint);
        nodes.put(nodeName, new Node(node.name(), node.labels(), node.annotations(), taints, node.capacity(),
                node.allocatable(), node.providerId(), node.ready(), node.unschedulable(), node.createdAt()));
    }

    @Override
    public synchronized void removeTaint(String nodeName, Taint taint) {
        record("removeTaint", nodeName + " " + taint.key() + ":" + taint.effect());
        Node node = nodes.get(nodeName);
        if (node == null) {
            return;
        }
        List<Taint> taints = node.taints().stream()
                .filter(t -> !(t.key().equals(taint.key()) && t.effect().equals(taint.effect()))).toList();
        nodes.put(nodeName, new Node(node.name(), node.labels(), node.annotations(), taints, node.capacity(),
                node.allocatable(), node.providerId(), node.ready(), node.unschedulable(), node.createdAt()));
    }

    @Override
    public synchronized void labelNode(String nodeName, String key, String value) {
        record("labelNode", nodeName + " " + key + "=" + value);
        Node node = existing(nodeName);
        java.util.Map<String, String> labels = new java.util.TreeMap<>(node.labels());
        labels.put(key, value);
        nodes.put(nodeName, new Node(node.name(), labels, node.annotations(), node.taints(), node.capacity(),
                node.allocatable(), node.providerId(), node.ready(), node.unschedulable(), node.createdAt()));
    }

    @Override
    public synchronized void cordonNode(String nodeName) {
        record("cordonNode", nodeName);
        Node node = existing(nodeName);
        nodes.put(nodeName, new Node(node.name(), node.labels(), node.annotations(), node.taints(), node.capacity(),
                node.allocatable(), node.providerId(), node.ready(), true, node.createdAt()));
    }

    @Override
    public synchronized EvictionResult evictPod(String namespace, String name) {
        String key = namespace + "/" + name;
        EvictionResult result = !pods.containsKey(key) ? EvictionResult.NOT_FOUND
                : blockedEvictions.contains(key) ? EvictionResult.BLOCKED : EvictionResult.EVICTED;
        record("evictPod", key + " " + result);
        if (result == EvictionResult.EVICTED) {
            pods.remove(key);
        }
        return result;
    }

    @Override
    public synchronized void deleteNode(String nodeName) {
        record("deleteNode", nodeName);
        nodes.remove(nodeName);
    }

    @Override
    public synchronized void recordEvent(ClusterEvent event) {
        record("recordEvent", event.kind() + " " + event.name() + " " + event.reason());
        events.add(event);
    }

    /** The node as it is now (taints, cordon), if it still exists. */
    public synchronized java.util.Optional<Node> currentNode(String name) {
        return java.util.Optional.ofNullable(nodes.get(name));
    }

    /** The pods still in the cluster, by key. */
    public synchronized Set<String> podKeys() {
        return Set.copyOf(pods.keySet());
    }

    public synchronized List<ClusterEvent> events() {
        return List.copyOf(events);
    }

    /** The recorded calls that changed the cluster or recorded an event (no reads), oldest first. */
    public synchronized List<String> writes() {
        return calls().stream().filter(call -> !call.startsWith("list")).toList();
    }

    private Node existing(String nodeName) {
        Node node = nodes.get(nodeName);
        if (node == null) {
            throw new NodeNotFoundException(nodeName, null);
        }
        return node;
    }
}
