package dev.spotter.disruption;

import dev.spotter.cluster.Pod;

/** Names the workload a pod belongs to, for the anti-churn cool-down. */
public final class Workloads {
    private Workloads() {
    }

    /** "namespace/OwnerKind/ownerName", or "namespace/Pod/name" for a pod without an owner. */
    public static String key(Pod pod) {
        if (pod.ownerKind().isEmpty()) {
            return pod.namespace() + "/Pod/" + pod.name();
        }
        return pod.namespace() + "/" + pod.ownerKind() + "/" + pod.ownerName();
    }
}
