package dev.spotter.cluster;

import dev.spotter.model.Requirements;

import java.util.Map;

/**
 * A PodDisruptionBudget, by the pods it guards ({@code selector}, within {@code namespace}) and how many of them may be
 * disrupted right now ({@code disruptionsAllowed}, from its status).
 */
public record PodDisruptionBudget(String namespace, String name, Requirements selector, int disruptionsAllowed) {

    public PodDisruptionBudget {
        if (disruptionsAllowed < 0) {
            throw new IllegalArgumentException("disruptionsAllowed of PodDisruptionBudget " + namespace + "/" + name
                    + " must not be negative, got " + disruptionsAllowed);
        }
    }

    /** True when the budget guards a pod with these labels in that namespace. */
    public boolean guards(String podNamespace, Map<String, String> podLabels) {
        return namespace.equals(podNamespace) && selector.matchesLabels(podLabels);
    }

    public boolean guards(Pod pod) {
        return guards(pod.namespace(), pod.labels());
    }

    /** True when evicting a pod it guards would be refused now. */
    public boolean blocksEviction() {
        return disruptionsAllowed == 0;
    }
}
