package dev.spotter.local;

import dev.spotter.cluster.ClusterApi;
import dev.spotter.cluster.ClusterEvent;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.EvictionResult;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.NodeNotFoundException;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodDisruptionBudget;
import dev.spotter.manifest.Manifests;
import dev.spotter.model.Taint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster of {@code spotter invoke --mock-cluster FILE.yaml}: the Pods, Nodes and DaemonSets of a manifest file,
 * held in memory behind the {@link ClusterApi} port. A pod without {@code spec.nodeName} counts as unschedulable (as
 * if the scheduler had already given up on it). Writes change the in-memory state and are logged; nothing is kept
 * after the invocation. There are no PodDisruptionBudgets, so every eviction is allowed.
 */
final class MockCluster implements ClusterApi {
    private static final Logger LOG = LoggerFactory.getLogger(MockCluster.class);

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Pod> pods = new LinkedHashMap<>();
    private final List<DaemonSet> daemonSets;
    private final List<ClusterEvent> events = new ArrayList<>();

    MockCluster(Manifests manifests) {
        manifests.nodes().forEach(node -> nodes.put(node.name(), node));
        manifests.pods().forEach(pod -> pods.put(pod.key(), pod));
        this.daemonSets = manifests.daemonSets();
    }

    @Override
    public synchronized List<Pod> listUnschedulablePods() {
        return pods.values().stream().filter(Pod::isPending).toList();
    }

    @Override
    public synchronized List<Node> listNodes() {
        return List.copyOf(nodes.values());
    }

    @Override
    public synchronized List<Pod> listBoundPods() {
        return pods.values().stream().filter(pod -> !pod.isPending()).toList();
    }

    @Override
    public synchronized List<Pod> listPodsOnNode(String nodeName) {
        return pods.values().stream().filter(pod -> pod.nodeName().equals(nodeName)).toList();
    }

    @Override
    public List<DaemonSet> listDaemonSets() {
        return daemonSets;
    }

    @Override
    public List<PodDisruptionBudget> listPodDisruptionBudgets() {
        return List.of();
    }

    @Override
    public synchronized void taintNode(String nodeName, Taint taint) {
        Node node = existing(nodeName);
        boolean present = node.taints().stream()
                .anyMatch(t -> t.key().equals(taint.key()) && t.effect().equals(taint.effect()));
        if (present) {
            return;
        }
        List<Taint> taints = new ArrayList<>(node.taints());
        taints.add(taint);
        nodes.put(nodeName, new Node(node.name(), node.labels(), node.annotations(), taints, node.capacity(),
                node.allocatable(), node.providerId(), node.ready(), node.unschedulable(), node.createdAt()));
        LOG.info("mock cluster: tainted node {} with {}", nodeName, taint);
    }

    @Override
    public synchronized void removeTaint(String nodeName, Taint taint) {
        Node node = nodes.get(nodeName);
        if (node == null) {
            return;
        }
        List<Taint> taints = node.taints().stream()
                .filter(t -> !(t.key().equals(taint.key()) && t.effect().equals(taint.effect()))).toList();
        nodes.put(nodeName, new Node(node.name(), node.labels(), node.annotations(), taints, node.capacity(),
                node.allocatable(), node.providerId(), node.ready(), node.unschedulable(), node.createdAt()));
        LOG.info("mock cluster: removed taint {} from node {}", taint, nodeName);
    }

    @Override
    public synchronized void labelNode(String nodeName, String key, String value) {
        Node node = existing(nodeName);
        java.util.Map<String, String> labels = new java.util.TreeMap<>(node.labels());
        labels.put(key, value);
        nodes.put(nodeName, new Node(node.name(), labels, node.annotations(), node.taints(), node.capacity(),
                node.allocatable(), node.providerId(), node.ready(), node.unschedulable(), node.createdAt()));
        LOG.info("mock cluster: labelled node {} {}={}", nodeName, key, value);
    }

    @Override
    public synchronized void cordonNode(String nodeName) {
        Node node = existing(nodeName);
        if (node.unschedulable()) {
            return;
        }
        nodes.put(nodeName, new Node(node.name(), node.labels(), node.annotations(), node.taints(), node.capacity(),
                node.allocatable(), node.providerId(), node.ready(), true, node.createdAt()));
        LOG.info("mock cluster: cordoned node {}", nodeName);
    }

    @Override
    public synchronized EvictionResult evictPod(String namespace, String name) {
        if (pods.remove(namespace + "/" + name) == null) {
            return EvictionResult.NOT_FOUND;
        }
        LOG.info("mock cluster: evicted pod {}/{}", namespace, name);
        return EvictionResult.EVICTED;
    }

    @Override
    public synchronized void deleteNode(String nodeName) {
        if (nodes.remove(nodeName) != null) {
            LOG.info("mock cluster: deleted node {}", nodeName);
        }
    }

    @Override
    public synchronized void recordEvent(ClusterEvent event) {
        events.add(event);
        LOG.info("mock cluster: event {} {} on {} {}{}: {}", event.type(), event.reason(), event.kind(),
                event.namespace().isEmpty() ? "" : event.namespace() + "/", event.name(), event.message());
    }

    /** The events recorded so far, oldest first. */
    synchronized List<ClusterEvent> events() {
        return List.copyOf(events);
    }

    private Node existing(String nodeName) {
        Node node = nodes.get(nodeName);
        if (node == null) {
            throw new NodeNotFoundException(nodeName, null);
        }
        return node;
    }
}
