package dev.spotter.adapters.kubernetes;

import dev.spotter.cluster.HostPort;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;
import dev.spotter.cluster.TopologySpreadConstraint;
import dev.spotter.cluster.WeightedTerm;
import dev.spotter.model.Requirements;
import dev.spotter.model.Toleration;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static dev.spotter.adapters.kubernetes.LabelSelectors.orEmpty;

/** fabric8 pods (and pod templates) as Spotter's {@link Pod}. */
final class PodConverter {
    private PodConverter() {
    }

    /**
     * @throws IllegalArgumentException naming the pod and what in it could not be read
     */
    static Pod toPod(io.fabric8.kubernetes.api.model.Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        String key = meta == null ? "<pod without metadata>" : meta.getNamespace() + "/" + meta.getName();
        try {
            Pod.Builder builder = fromSpec(meta.getNamespace(), meta.getName(), pod.getSpec())
                    .uid(meta.getUid())
                    .labels(orEmpty(meta.getLabels()))
                    .annotations(orEmpty(meta.getAnnotations()))
                    .createdAt(timestamp(meta.getCreationTimestamp()))
                    .terminating(meta.getDeletionTimestamp() != null);
            OwnerReference owner = controllerOf(orEmpty(meta.getOwnerReferences()));
            if (owner != null) {
                builder.owner(owner.getKind(), owner.getName());
            }
            return builder.build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("pod " + key + ": " + e.getMessage(), e);
        }
    }

    /** The pod a template would make, for DaemonSet overhead; named after its owner. */
    static Pod.Builder fromSpec(String namespace, String name, PodSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("no spec");
        }
        Affinity affinity = spec.getAffinity();
        return Pod.builder(namespace, name)
                .nodeName(spec.getNodeName())
                .requests(PodRequests.of(spec))
                .nodeSelector(orEmpty(spec.getNodeSelector()))
                .requiredNodeAffinity(requiredNodeAffinity(affinity))
                .preferredNodeAffinity(preferredNodeAffinity(affinity))
                .tolerations(tolerations(spec))
                .topologySpread(topologySpread(spec))
                .podAffinity(affinity == null || affinity.getPodAffinity() == null ? List.of()
                        : terms(affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()))
                .podAntiAffinity(affinity == null || affinity.getPodAntiAffinity() == null ? List.of()
                        : terms(affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()))
                .hostPorts(hostPorts(spec))
                .priority(spec.getPriority() == null ? 0 : spec.getPriority())
                .priorityClassName(spec.getPriorityClassName());
    }

    private static List<Requirements> requiredNodeAffinity(Affinity affinity) {
        NodeAffinity nodeAffinity = affinity == null ? null : affinity.getNodeAffinity();
        if (nodeAffinity == null || nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return List.of();
        }
        List<Requirements> terms = new ArrayList<>();
        for (NodeSelectorTerm term : orEmpty(nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())) {
            terms.add(LabelSelectors.toRequirements(term));
        }
        return terms;
    }

    private static List<WeightedTerm> preferredNodeAffinity(Affinity affinity) {
        NodeAffinity nodeAffinity = affinity == null ? null : affinity.getNodeAffinity();
        if (nodeAffinity == null) {
            return List.of();
        }
        List<WeightedTerm> terms = new ArrayList<>();
        for (PreferredSchedulingTerm term : orEmpty(nodeAffinity.getPreferredDuringSchedulingIgnoredDuringExecution())) {
            if (term.getPreference() != null) {
                int weight = term.getWeight() == null ? 1 : term.getWeight();
                terms.add(new WeightedTerm(weight, LabelSelectors.toRequirements(term.getPreference())));
            }
        }
        return terms;
    }

    private static List<Toleration> tolerations(PodSpec spec) {
        List<Toleration> tolerations = new ArrayList<>();
        for (io.fabric8.kubernetes.api.model.Toleration t : orEmpty(spec.getTolerations())) {
            tolerations.add(new Toleration(t.getKey(), t.getOperator(), t.getValue(), t.getEffect()));
        }
        return tolerations;
    }

    private static List<TopologySpreadConstraint> topologySpread(PodSpec spec) {
        List<TopologySpreadConstraint> constraints = new ArrayList<>();
        for (io.fabric8.kubernetes.api.model.TopologySpreadConstraint c : orEmpty(spec.getTopologySpreadConstraints())) {
            constraints.add(new TopologySpreadConstraint(
                    c.getTopologyKey(),
                    c.getMaxSkew() == null ? 1 : c.getMaxSkew(),
                    !"ScheduleAnyway".equals(c.getWhenUnsatisfiable()),
                    LabelSelectors.toRequirements(c.getLabelSelector()),
                    c.getMinDomains() == null ? 0 : c.getMinDomains()));
        }
        return constraints;
    }

    private static List<PodAffinityTerm> terms(List<io.fabric8.kubernetes.api.model.PodAffinityTerm> required) {
        List<PodAffinityTerm> terms = new ArrayList<>();
        for (io.fabric8.kubernetes.api.model.PodAffinityTerm term : orEmpty(required)) {
            terms.add(new PodAffinityTerm(LabelSelectors.toRequirements(term.getLabelSelector()), term.getTopologyKey(),
                    Set.copyOf(orEmpty(term.getNamespaces()))));
        }
        return terms;
    }

    private static List<HostPort> hostPorts(PodSpec spec) {
        List<HostPort> ports = new ArrayList<>();
        Stream.concat(orEmpty(spec.getInitContainers()).stream(), orEmpty(spec.getContainers()).stream())
                .map(Container::getPorts)
                .flatMap(list -> orEmpty(list).stream())
                .filter(port -> port.getHostPort() != null && port.getHostPort() > 0)
                .forEach((ContainerPort port) -> ports.add(new HostPort(port.getHostPort(), port.getProtocol(), port.getHostIP())));
        return ports;
    }

    /** The controlling owner if one is marked, else the first owner, else null. */
    private static OwnerReference controllerOf(List<OwnerReference> owners) {
        return owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst()
                .orElse(owners.isEmpty() ? null : owners.get(0));
    }

    static Instant timestamp(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("creationTimestamp '" + text + "' is not an RFC 3339 time", e);
        }
    }
}
