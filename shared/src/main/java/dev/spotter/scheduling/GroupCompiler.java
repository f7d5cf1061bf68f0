package dev.spotter.scheduling;

import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;
import dev.spotter.cluster.TopologySpreadConstraint;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topology groups of a run (Karpenter's TopologyGroup): one per distinct spread constraint or (anti-)affinity term
 * among the pending pods and, for anti-affinity, the pods already placed; and for each pod class, the groups that
 * select it.
 */
final class GroupCompiler {
    private final Problem problem;
    private final SchedulingInput input;
    private final Zones zones;
    private final List<PodClass> classes;
    private final List<TopologyGroup> groups;
    private final Map<TopologyGroup.Identity, TopologyGroup> groupsByIdentity = new LinkedHashMap<>();

    GroupCompiler(Problem problem) {
        this.problem = problem;
        this.input = problem.input;
        this.zones = problem.zones;
        this.classes = problem.classes;
        this.groups = problem.groups;
    }

    void compile() {
        for (PodClass podClass : classes) {
            Pod pod = podClass.template;
            for (TopologySpreadConstraint constraint : pod.topologySpread()) {
                group(spreadIdentity(pod, constraint));
            }
            pod.podAffinity().forEach(term -> group(termIdentity(TopologyGroup.Kind.AFFINITY, pod, term)));
            pod.podAntiAffinity().forEach(term -> group(termIdentity(TopologyGroup.Kind.ANTI_AFFINITY, pod, term)));
        }
        for (ExistingNode node : input.nodes()) {
            node.pods().forEach(p -> p.podAntiAffinity().forEach(term -> group(termIdentity(TopologyGroup.Kind.ANTI_AFFINITY, p, term))));
        }
        for (InFlightClaim claim : input.inFlightClaims()) {
            claim.pods().forEach(p -> p.podAntiAffinity().forEach(term -> group(termIdentity(TopologyGroup.Kind.ANTI_AFFINITY, p, term))));
        }
        for (PodClass podClass : classes) {
            List<Integer> selected = new ArrayList<>();
            List<Integer> anti = new ArrayList<>();
            for (TopologyGroup group : groups) {
                if (group.selects(podClass.template)) {
                    selected.add(group.id);
                    if (group.kind == TopologyGroup.Kind.ANTI_AFFINITY) {
                        anti.add(group.id);
                    }
                }
            }
            podClass.selectedByGroups = selected.stream().mapToInt(Integer::intValue).toArray();
            podClass.selectedByAntiGroups = anti.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    static TopologyGroup.Identity spreadIdentity(Pod pod, TopologySpreadConstraint constraint) {
        TopologyGroup.NodeFilter filter = pod.nodeSelector().isEmpty() && pod.requiredNodeAffinity().isEmpty()
                ? TopologyGroup.NodeFilter.ALL
                : new TopologyGroup.NodeFilter(pod.nodeSelector(), pod.requiredNodeAffinity());
        return new TopologyGroup.Identity(TopologyGroup.Kind.SPREAD, constraint.topologyKey(), constraint.selector(),
                Set.of(pod.namespace()), constraint.maxSkew(), constraint.minDomains(), filter);
    }

    static TopologyGroup.Identity termIdentity(TopologyGroup.Kind kind, Pod pod, PodAffinityTerm term) {
        Set<String> namespaces = term.namespaces().isEmpty() ? Set.of(pod.namespace()) : term.namespaces();
        return new TopologyGroup.Identity(kind, term.topologyKey(), term.selector(), namespaces, 0, 0, TopologyGroup.NodeFilter.ALL);
    }

    TopologyGroup group(TopologyGroup.Identity identity) {
        TopologyGroup existing = groupsByIdentity.get(identity);
        if (existing != null) {
            return existing;
        }
        TopologyGroup.KeyKind keyKind = switch (identity.key()) {
            case WellKnownLabels.ZONE -> TopologyGroup.KeyKind.ZONE;
            case WellKnownLabels.CAPACITY_TYPE -> TopologyGroup.KeyKind.CAPACITY_TYPE;
            case WellKnownLabels.HOSTNAME -> TopologyGroup.KeyKind.HOSTNAME;
            default -> TopologyGroup.KeyKind.UNSUPPORTED;
        };
        int domains = switch (keyKind) {
            case ZONE -> zones.size();
            case CAPACITY_TYPE -> 2;
            default -> 0;
        };
        int hostIndex = keyKind == TopologyGroup.KeyKind.HOSTNAME ? problem.hostGroupCount++ : -1;
        TopologyGroup group = new TopologyGroup(groups.size(), identity, keyKind, hostIndex, domains);
        groups.add(group);
        groupsByIdentity.put(identity, group);
        return group;
    }
}
