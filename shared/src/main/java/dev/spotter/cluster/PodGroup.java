package dev.spotter.cluster;

/**
 * A coscheduling PodGroup (scheduling.x-k8s.io/v1alpha1, kubernetes-sigs/scheduler-plugins): the pods labelled
 * {@code scheduling.x-k8s.io/pod-group: <name>} in its namespace start together once {@code minMember} of them can.
 */
public record PodGroup(String namespace, String name, int minMember) {
    public PodGroup {
        if (minMember < 1) {
            throw new IllegalArgumentException("PodGroup " + namespace + "/" + name + ": minMember must be at least 1, got " + minMember);
        }
    }
}
