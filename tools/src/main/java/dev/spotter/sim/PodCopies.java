package dev.spotter.sim;

import dev.spotter.cluster.Pod;

import java.time.Instant;

/** New pending pods from a workload's template (a pod's name is fixed in its builder, so they are built whole). */
final class PodCopies {
    private PodCopies() {
    }

    static Pod pending(Pod t, String name, String uid, String ownerKind, String ownerName, Instant createdAt) {
        return new Pod(t.namespace(), name, uid, t.labels(), t.annotations(), "", t.requests(), t.nodeSelector(),
                t.requiredNodeAffinity(), t.preferredNodeAffinity(), t.tolerations(), t.topologySpread(), t.podAffinity(),
                t.podAntiAffinity(), t.hostPorts(), t.priority(), t.priorityClassName(), ownerKind, ownerName, createdAt,
                false);
    }
}
