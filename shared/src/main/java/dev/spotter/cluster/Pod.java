package dev.spotter.cluster;

import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Toleration;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the placement engine needs to know of a pod. {@code requests} are the effective requests (the larger of the
 * biggest init container and the sum of the app containers, plus pod overhead). {@code requiredNodeAffinity} holds
 * the OR-ed node selector terms (empty: no constraint); {@code nodeSelector} is ANDed with each of them.
 * {@code nodeName} is empty for a pending pod. {@code ownerKind} is e.g. "DaemonSet", "ReplicaSet" or empty.
 * {@code terminating} is set once the pod is being deleted (it still holds its node's resources until it is gone).
 */
public record Pod(
        String namespace,
        String name,
        String uid,
        Map<String, String> labels,
        Map<String, String> annotations,
        String nodeName,
        Resources requests,
        Map<String, String> nodeSelector,
        List<Requirements> requiredNodeAffinity,
        List<WeightedTerm> preferredNodeAffinity,
        List<Toleration> tolerations,
        List<TopologySpreadConstraint> topologySpread,
        List<PodAffinityTerm> podAffinity,
        List<PodAffinityTerm> podAntiAffinity,
        List<HostPort> hostPorts,
        int priority,
        String priorityClassName,
        String ownerKind,
        String ownerName,
        Instant createdAt,
        boolean terminating) {

    public Pod {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        nodeName = nodeName == null ? "" : nodeName;
        nodeSelector = Map.copyOf(nodeSelector);
        requiredNodeAffinity = List.copyOf(requiredNodeAffinity);
        preferredNodeAffinity = List.copyOf(preferredNodeAffinity);
        tolerations = List.copyOf(tolerations);
        topologySpread = List.copyOf(topologySpread);
        podAffinity = List.copyOf(podAffinity);
        podAntiAffinity = List.copyOf(podAntiAffinity);
        hostPorts = List.copyOf(hostPorts);
        priorityClassName = priorityClassName == null ? "" : priorityClassName;
        ownerKind = ownerKind == null ? "" : ownerKind;
        ownerName = ownerName == null ? "" : ownerName;
    }

    /** "namespace/name", the form plans and events use. */
    public String key() {
        return namespace + "/" + name;
    }

    public boolean isPending() {
        return nodeName.isEmpty();
    }

    public boolean isDaemonSetPod() {
        return "DaemonSet".equals(ownerKind);
    }

    /** system-cluster-critical and system-node-critical pods are evicted last. */
    public boolean isCritical() {
        return priorityClassName.equals("system-cluster-critical") || priorityClassName.equals("system-node-critical");
    }

    public static Builder builder(String namespace, String name) {
        return new Builder(namespace, name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(namespace, name);
        b.uid = uid;
        b.labels = labels;
        b.annotations = annotations;
        b.nodeName = nodeName;
        b.requests = requests;
        b.nodeSelector = nodeSelector;
        b.requiredNodeAffinity = requiredNodeAffinity;
        b.preferredNodeAffinity = preferredNodeAffinity;
        b.tolerations = tolerations;
        b.topologySpread = topologySpread;
        b.podAffinity = podAffinity;
        b.podAntiAffinity = podAntiAffinity;
        b.hostPorts = hostPorts;
        b.priority = priority;
        b.priorityClassName = priorityClassName;
        b.ownerKind = ownerKind;
        b.ownerName = ownerName;
        b.createdAt = createdAt;
        b.terminating = terminating;
        return b;
    }

    public static final class Builder {
        private final String namespace;
        private final String name;
        private String uid = "";
        private Map<String, String> labels = Map.of();
        private Map<String, String> annotations = Map.of();
        private String nodeName = "";
        private Resources requests = Resources.NONE;
        private Map<String, String> nodeSelector = Map.of();
        private List<Requirements> requiredNodeAffinity = List.of();
        private List<WeightedTerm> preferredNodeAffinity = List.of();
        private List<Toleration> tolerations = List.of();
        private List<TopologySpreadConstraint> topologySpread = List.of();
        private List<PodAffinityTerm> podAffinity = List.of();
        private List<PodAffinityTerm> podAntiAffinity = List.of();
        private List<HostPort> hostPorts = List.of();
        private int priority;
        private String priorityClassName = "";
        private String ownerKind = "";
        private String ownerName = "";
        private Instant createdAt;
        private boolean terminating;

        private Builder(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }

        public Builder uid(String value) { this.uid = value; return this; }
        public Builder labels(Map<String, String> value) { this.labels = value; return this; }
        public Builder annotations(Map<String, String> value) { this.annotations = value; return this; }
        public Builder nodeName(String value) { this.nodeName = value; return this; }
        public Builder requests(Resources value) { this.requests = value; return this; }
        public Builder nodeSelector(Map<String, String> value) { this.nodeSelector = value; return this; }
        public Builder requiredNodeAffinity(List<Requirements> value) { this.requiredNodeAffinity = value; return this; }
        public Builder preferredNodeAffinity(List<WeightedTerm> value) { this.preferredNodeAffinity = value; return this; }
        public Builder tolerations(List<Toleration> value) { this.tolerations = value; return this; }
        public Builder topologySpread(List<TopologySpreadConstraint> value) { this.topologySpread = value; return this; }
        public Builder podAffinity(List<PodAffinityTerm> value) { this.podAffinity = value; return this; }
        public Builder podAntiAffinity(List<PodAffinityTerm> value) { this.podAntiAffinity = value; return this; }
        public Builder hostPorts(List<HostPort> value) { this.hostPorts = value; return this; }
        public Builder priority(int value) { this.priority = value; return this; }
        public Builder priorityClassName(String value) { this.priorityClassName = value; return this; }
        public Builder owner(String kind, String ownerName) { this.ownerKind = kind; this.ownerName = ownerName; return this; }
        public Builder createdAt(Instant value) { this.createdAt = value; return this; }
        public Builder terminating(boolean value) { this.terminating = value; return this; }

        public Pod build() {
            return new Pod(namespace, name, uid, labels, annotations, nodeName, requests, nodeSelector, requiredNodeAffinity,
                    preferredNodeAffinity, tolerations, topologySpread, podAffinity, podAntiAffinity, hostPorts, priority,
                    priorityClassName, ownerKind, ownerName, createdAt, terminating);
        }
    }
}
