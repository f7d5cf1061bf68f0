package dev.spotter.disruption;

import dev.spotter.cluster.Pod;
import dev.spotter.config.Durations;
import dev.spotter.model.WellKnownLabels;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the disruption rules need to know of a pod. */
final class Pods {
    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private Pods() {
    }

    /**
     * Pods that must move when their node goes (Karpenter's IsReschedulable): not DaemonSet pods, not pods already
     * terminating, not static (mirror) pods owned by the Node.
     */
    static List<Pod> reschedulable(List<Pod> pods) {
        return pods.stream().filter(Pods::isReschedulable).toList();
    }

    static boolean isReschedulable(Pod pod) {
        return !pod.isDaemonSetPod() && !pod.terminating() && !"Node".equals(pod.ownerKind());
    }

    /**
     * True when the pod's karpenter.sh/do-not-disrupt annotation holds at {@code now}: "true", or a duration that has
     * not elapsed since the pod was created. "false" and an absent annotation do not hold; any other value is read as
     * "true" (fail safe).
     */
    static boolean doNotDisrupt(Pod pod, Instant now) {
        String value = pod.annotations().get(WellKnownLabels.DO_NOT_DISRUPT_ANNOTATION);
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        try {
            Duration duration = Durations.parse(value);
            return pod.createdAt() == null || pod.createdAt().plus(duration).isAfter(now);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /**
     * Karpenter's EvictionCost: 1, plus the pod-deletion-cost over 2^27, plus the priority over 2^25, clamped to
     * [-10, 10].
     */
    static double evictionCost(Pod pod) {
        double cost = 1.0;
        String deletionCost = pod.annotations().get(DELETION_COST);
        if (deletionCost != null) {
            try {
                cost += Integer.parseInt(deletionCost.trim()) / Math.pow(2, 27);
            } catch (NumberFormatException e) {
                // Karpenter ignores an unparsable pod-deletion-cost too
            }
        }
        cost += pod.priority() / Math.pow(2, 25);
        return Math.max(-10, Math.min(10, cost));
    }
}
