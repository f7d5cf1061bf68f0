package dev.spotter.cluster;

import dev.spotter.model.Taint;

import java.util.List;

/**
 * The Kubernetes API server as Spotter uses it: what is pending, what runs where, and the few writes a provisioner and
 * a drainer need. Reads return domain records; a failed call throws {@link ClusterApiException} naming the operation.
 * Implementations make one attempt per call (no hidden retry loop): the caller decides what to do next.
 */
public interface ClusterApi {

    /**
     * Pods the scheduler has given up on for now: not bound to a node, not terminal, not being deleted, and with the
     * condition PodScheduled=False, reason Unschedulable.
     */
    List<Pod> listUnschedulablePods();

    List<Node> listNodes();

    /** Every pod bound to some node, terminal ones excluded: what already uses each node's capacity. */
    List<Pod> listBoundPods();

    /** Pods bound to the node, terminal ones excluded (they hold no resources and need no eviction). */
    List<Pod> listPodsOnNode(String nodeName);

    List<DaemonSet> listDaemonSets();

    List<PodDisruptionBudget> listPodDisruptionBudgets();

    /**
     * Adds the taint unless the node already has one with the same key and effect; calling it again changes nothing.
     *
     * @throws NodeNotFoundException when there is no such node
     */
    void taintNode(String nodeName, Taint taint);

    /**
     * Removes every taint with that key and effect; a node without one, or a node that is gone, is left as it is
     * (calling it again changes nothing).
     */
    void removeTaint(String nodeName, Taint taint);

    /**
     * Sets a label on the node (a merge: other labels are kept); setting it again changes nothing.
     *
     * @throws NodeNotFoundException when there is no such node
     */
    void labelNode(String nodeName, String key, String value);

    /**
     * Marks the node unschedulable (spec.unschedulable), as kubectl cordon does; idempotent.
     *
     * @throws NodeNotFoundException when there is no such node
     */
    void cordonNode(String nodeName);

    /**
     * Asks the API server to evict the pod, honouring PodDisruptionBudgets. A budget that forbids it answers
     * {@link EvictionResult#BLOCKED} at once; the caller tries again on a later pass.
     */
    EvictionResult evictPod(String namespace, String name);

    /** Deletes the Node object; a node that is already gone counts as deleted. */
    void deleteNode(String nodeName);

    /**
     * Records a Kubernetes Event on a pod or node (shown by kubectl describe). Events are informative only: a failure
     * to record one is logged, never thrown.
     */
    void recordEvent(ClusterEvent event);
}
