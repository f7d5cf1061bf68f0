package dev.spotter.cluster;

/**
 * A Kubernetes Event Spotter records on a pod or node, so that kubectl describe tells the user what Spotter did and
 * why. {@code namespace} is empty for a node; {@code uid} may be empty when unknown.
 */
public record ClusterEvent(InvolvedKind kind, String namespace, String name, String uid, Type type, String reason,
                           String message) {

    /** The component name Spotter reports as (reportingController / source.component). */
    public static final String REPORTING_CONTROLLER = "spotter";

    public static final String NOMINATED = "Nominated";
    public static final String DISRUPTION_TERMINATING = "DisruptionTerminating";
    /** A disruption command was validated: its candidates are tainted and its replacements launch. */
    public static final String DISRUPTION_LAUNCHING = "DisruptionLaunching";
    /** A node that would be disrupted is not, and why (a PDB, a pod's do-not-disrupt, a budget). */
    public static final String DISRUPTION_BLOCKED = "DisruptionBlocked";
    /** A disruption command was undone (a replacement did not launch or initialize in time). */
    public static final String DISRUPTION_ROLLED_BACK = "DisruptionRolledBack";
    public static final String SPOT_INTERRUPTED = "SpotInterrupted";

    public enum InvolvedKind { POD, NODE }

    public enum Type { NORMAL, WARNING }

    public ClusterEvent {
        namespace = namespace == null ? "" : namespace;
        uid = uid == null ? "" : uid;
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an event needs the name of the object it is about");
        }
        if (reason == null || reason.isEmpty()) {
            throw new IllegalArgumentException("an event needs a reason");
        }
        if (kind == InvolvedKind.POD && namespace.isEmpty()) {
            throw new IllegalArgumentException("an event on pod " + name + " needs the pod's namespace");
        }
        message = message == null ? "" : message;
    }

    public static ClusterEvent onPod(Pod pod, Type type, String reason, String message) {
        return new ClusterEvent(InvolvedKind.POD, pod.namespace(), pod.name(), pod.uid(), type, reason, message);
    }

    public static ClusterEvent onNode(String nodeName, Type type, String reason, String message) {
        return new ClusterEvent(InvolvedKind.NODE, "", nodeName, "", type, reason, message);
    }

    /** Karpenter's event on a pod for which a NodeClaim was launched. */
    public static ClusterEvent nominated(Pod pod, String nodeClaimName) {
        return onPod(pod, Type.NORMAL, NOMINATED, "Pod should schedule on: nodeclaim/" + nodeClaimName);
    }
}
