package dev.spotter.inmemory;

import dev.spotter.cluster.ClusterApi;
import dev.spotter.cluster.ClusterApiException;
import dev.spotter.cluster.ClusterEvent;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.EvictionResult;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.NodeNotFoundException;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodDisruptionBudget;
import dev.spotter.model.Requirements;
import dev.spotter.model.Taint;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kubernetes in memory, behaving like the API server for what Spotter reads and writes: taints are added once per key
 * and effect, cordon sets the node unschedulable, deleting a missing node succeeds, and an eviction removes the pod
 * unless a PodDisruptionBudget forbids it. Budgets come two ways: {@link #podDisruptionBudget} keeps
 * {@code minAvailable} healthy pods (bound to a Ready node) among those it selects, computing what it allows live;
 * {@link #blockEviction} makes one pod's evictions answer BLOCKED. Pods are bound, deleted and nodes made Ready by
 * the test or the simulator ({@link #bind}, {@link #deletePod}, {@link #ready}).
 *
 * <p>Every write and every list is recorded ("taintNode node-a karpenter.sh/disrupted:NoSchedule", "evictPod
 * default/web-1 EVICTED", ...); errors can be queued per method and faults injected (see {@link FakeCalls}): 409,
 * 429, 500 and timeouts are {@link ClusterApiException}s with that status (0 for a timeout), as the fabric8 adapter
 * throws them. Recording an event never throws, as the real recorder only logs its failures.
 */
public final class RecordingClusterApi extends FakeCalls implements ClusterApi {
    private static final Set<FaultKind> EVENT_FAULTS_SWALLOWED = EnumSet.complementOf(EnumSet.of(FaultKind.CRASH));

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Pod> pods = new LinkedHashMap<>();
    private final List<DaemonSet> daemonSets = new ArrayList<>();
    private final List<PodDisruptionBudget> budgets = new ArrayList<>();
    private final List<MinAvailableBudget> liveBudgets = new ArrayList<>();
    private final Set<String> blockedEvictions = new HashSet<>();
    private final List<ClusterEvent> events = new ArrayList<>();
    private final List<String> evicted = new ArrayList<>();

    public RecordingClusterApi() {
        super("kubernetes");
    }

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

    /** A budget as listed, with a fixed disruptionsAllowed (it does not itself refuse evictions). */
    public synchronized RecordingClusterApi podDisruptionBudget(PodDisruptionBudget budget) {
        budgets.add(budget);
        return this;
    }

    /**
     * A budget that keeps at least {@code minAvailable} of the pods it selects healthy (bound to a Ready node): an
     * eviction that would leave fewer answers BLOCKED, as the API server's eviction subresource does.
     */
    public synchronized RecordingClusterApi podDisruptionBudget(String namespace, String name, Requirements selector,
                                                                int minAvailable) {
        liveBudgets.add(new MinAvailableBudget(namespace, name, selector, minAvailable));
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

    /** Binds a pod to a node, as the scheduler does: simulator and test set-up, not recorded. */
    public synchronized RecordingClusterApi bind(String podKey, String nodeName) {
        Pod pod = pods.get(podKey);
        if (pod == null) {
            throw new IllegalArgumentException("no pod " + podKey);
        }
        pods.put(podKey, pod.toBuilder().nodeName(nodeName).build());
        return this;
    }

    /** Deletes a pod (its workload finished, or its controller removed it): not recorded. */
    public synchronized RecordingClusterApi deletePod(String podKey) {
        pods.remove(podKey);
        return this;
    }

    /** Sets a node's Ready condition (the kubelet reporting in, or going silent): not recorded. */
    public synchronized RecordingClusterApi ready(String nodeName, boolean ready) {
        Node node = nodes.get(nodeName);
        if (node != null) {
            nodes.put(nodeName, new Node(node.name(), node.labels(), node.annotations(), node.taints(), node.capacity(),
                    node.allocatable(), node.providerId(), ready, node.unschedulable(), node.createdAt()));
        }
        return this;
    }

    /** Removes a node without a call (its instance vanished and the node lifecycle controller deleted it). */
    public synchronized RecordingClusterApi removeNode(String nodeName) {
        nodes.remove(nodeName);
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
        List<PodDisruptionBudget> all = new ArrayList<>(budgets);
        for (MinAvailableBudget budget : liveBudgets) {
            all.add(new PodDisruptionBudget(budget.namespace(), budget.name(), budget.selector(),
                    Math.max(0, healthy(budget) - budget.minAvailable())));
        }
        return all;
    }

    @Override
    public synchronized void taintNode(String nodeName, Taint taint) {
        String detail = nodeName + " " + taint.key() + ":" + taint.effect();
        record("taintNode", detail);
        Node node = existing(nodeName);
        if (node.taints().stream().noneMatch(t -> t.key().equals(taint.key()) && t.effect().equals(taint.effect()))) {
            List<Taint> taints = new ArrayList<>(node.taints());
            taints.add(taint);
            nodes.put(nodeName, new Node(node.name(), node.labels(), node.annotations(), taints, node.capacity(),
                    node.allocatable(), node.providerId(), node.ready(), node.unschedulable(), node.createdAt()));
        }
        done("taintNode", detail);
    }

    @Override
    public synchronized void removeTaint(String nodeName, Taint taint) {
        String detail = nodeName + " " + taint.key() + ":" + taint.effect();
        record("removeTaint", detail);
        Node node = nodes.get(nodeName);
        if (node != null) {
            List<Taint> taints = node.taints().stream()
                    .filter(t -> !(t.key().equals(taint.key()) && t.effect().equals(taint.effect()))).toList();
            nodes.put(nodeName, new Node(node.name(), node.labels(), node.annotations(), taints, node.capacity(),
                    node.allocatable(), node.providerId(), node.ready(), node.unschedulable(), node.createdAt()));
        }
        done("removeTaint", detail);
    }

    @Override
    public synchronized void labelNode(String nodeName, String key, String value) {
        String detail = nodeName + " " + key + "=" + value;
        record("labelNode", detail);
        Node node = existing(nodeName);
        Map<String, String> labels = new TreeMap<>(node.labels());
        labels.put(key, value);
        nodes.put(nodeName, new Node(node.name(), labels, node.annotations(), node.taints(), node.capacity(),
                node.allocatable(), node.providerId(), node.ready(), node.unschedulable(), node.createdAt()));
        done("labelNode", detail);
    }

    @Override
    public synchronized void cordonNode(String nodeName) {
        record("cordonNode", nodeName);
        Node node = existing(nodeName);
        nodes.put(nodeName, new Node(node.name(), node.labels(), node.annotations(), node.taints(), node.capacity(),
                node.allocatable(), node.providerId(), node.ready(), true, node.createdAt()));
        done("cordonNode", nodeName);
    }

    @Override
    public synchronized EvictionResult evictPod(String namespace, String name) {
        String key = namespace + "/" + name;
        Pod pod = pods.get(key);
        EvictionResult result = pod == null ? EvictionResult.NOT_FOUND
                : blockedEvictions.contains(key) || budgetForbids(pod) ? EvictionResult.BLOCKED : EvictionResult.EVICTED;
        record("evictPod", key + " " + result);
        if (result == EvictionResult.EVICTED) {
            pods.remove(key);
            evicted.add(key);
        }
        return done("evictPod", key + " " + result, result);
    }

    @Override
    public synchronized void deleteNode(String nodeName) {
        record("deleteNode", nodeName);
        nodes.remove(nodeName);
        done("deleteNode", nodeName);
    }

    @Override
    public synchronized void recordEvent(ClusterEvent event) {
        if (record("recordEvent", event.kind() + " " + event.name() + " " + event.reason(), EVENT_FAULTS_SWALLOWED) == null) {
            events.add(event);
        }
    }

    /** The node as it is now (taints, cordon), if it still exists. */
    public synchronized Optional<Node> currentNode(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    /** Every node as it is now. */
    public synchronized List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /** The pods still in the cluster, by key. */
    public synchronized Set<String> podKeys() {
        return Set.copyOf(pods.keySet());
    }

    /** Every pod as it is now, pending and bound. */
    public synchronized List<Pod> pods() {
        return List.copyOf(pods.values());
    }

    /** The pods evicted so far ("namespace/name"), oldest first. */
    public synchronized List<String> evicted() {
        return List.copyOf(evicted);
    }

    public synchronized List<ClusterEvent> events() {
        return List.copyOf(events);
    }

    /** The recorded calls that changed the cluster or recorded an event (no reads), oldest first. */
    public synchronized List<String> writes() {
        return calls().stream().filter(call -> !call.startsWith("list")).toList();
    }

    /** How many pods the budget selects are healthy now: bound to a node that exists and is Ready. */
    public synchronized int healthy(String namespace, String budgetName) {
        return liveBudgets.stream().filter(b -> b.namespace().equals(namespace) && b.name().equals(budgetName))
                .mapToInt(this::healthy).findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "no budget " + namespace + "/" + budgetName));
    }

    @Override
    protected RuntimeException error(FaultKind kind, PortCall call) {
        int status = switch (kind) {
            case CONFLICT, CONDITIONAL_FAILURE -> 409;
            case THROTTLE -> 429;
            case TIMEOUT -> 0;
            default -> 500;
        };
        return new ClusterApiException(call + " failed with status " + status + " (injected)", status, null);
    }

    private boolean budgetForbids(Pod pod) {
        for (MinAvailableBudget budget : liveBudgets) {
            if (budget.guards(pod) && isHealthy(pod) && healthy(budget) - 1 < budget.minAvailable()) {
                return true;
            }
        }
        return false;
    }

    private int healthy(MinAvailableBudget budget) {
        return (int) pods.values().stream().filter(budget::guards).filter(this::isHealthy).count();
    }

    private boolean isHealthy(Pod pod) {
        Node node = pod.isPending() ? null : nodes.get(pod.nodeName());
        return node != null && node.ready() && !pod.terminating();
    }

    private Node existing(String nodeName) {
        Node node = nodes.get(nodeName);
        if (node == null) {
            throw new NodeNotFoundException(nodeName, null);
        }
        return node;
    }

    /** A PodDisruptionBudget by minAvailable, its allowance computed from the pods as they are. */
    public record MinAvailableBudget(String namespace, String name, Requirements selector, int minAvailable) {
        boolean guards(Pod pod) {
            return pod.namespace().equals(namespace) && selector.matchesLabels(pod.labels());
        }
    }
}
