package dev.spotter.scheduling;

import dev.spotter.cluster.Pod;
import dev.spotter.model.Requirements;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pods counted per topology domain for one spread constraint or one required (anti-)affinity term, as Karpenter's
 * topologygroup.go keeps them. Zone and capacity-type domains are counted here; hostname domains are counted on each
 * target ({@link Target#hostCounts}) at {@link #hostIndex}. For anti-affinity, {@link #owners} counts the pods that
 * hold the term, so pods it selects keep out of their domains.
 */
final class TopologyGroup {
    enum Kind { SPREAD, AFFINITY, ANTI_AFFINITY }

    enum KeyKind { ZONE, CAPACITY_TYPE, HOSTNAME, UNSUPPORTED }

    /** Identifies equal constraints of different pods so they share counts. */
    record Identity(Kind kind, String key, Requirements selector, Set<String> namespaces, int maxSkew, int minDomains,
                    NodeFilter filter) {
    }

    /** The nodes whose pods count for a spread constraint: those matching the owner's node selector and affinity. */
    record NodeFilter(Map<String, String> nodeSelector, List<Requirements> terms) {
        static final NodeFilter ALL = new NodeFilter(Map.of(), List.of());

        boolean isAll() {
            return nodeSelector.isEmpty() && terms.isEmpty();
        }

        boolean matchesLabels(Map<String, String> labels) {
            for (Map.Entry<String, String> entry : nodeSelector.entrySet()) {
                if (!entry.getValue().equals(labels.get(entry.getKey()))) {
                    return false;
                }
            }
            if (terms.isEmpty()) {
                return true;
            }
            for (Requirements term : terms) {
                if (term.matchesLabels(labels)) {
                    return true;
                }
            }
            return false;
        }

        boolean matchesRequirements(Requirements requirements) {
            Requirements selector = Requirements.fromLabels(nodeSelector);
            if (!requirements.intersects(selector)) {
                return false;
            }
            if (terms.isEmpty()) {
                return true;
            }
            for (Requirements term : terms) {
                if (requirements.intersects(term)) {
                    return true;
                }
            }
            return false;
        }
    }

    final int id;
    final Identity identity;
    final Kind kind;
    final KeyKind keyKind;
    final int hostIndex;
    final int[] counts;
    final int[] owners;
    /** Matching pods counted anywhere (for affinity's bootstrap: the first pod may go anywhere). */
    int total;

    TopologyGroup(int id, Identity identity, KeyKind keyKind, int hostIndex, int domains) {
        this.id = id;
        this.identity = identity;
        this.kind = identity.kind();
        this.keyKind = keyKind;
        this.hostIndex = hostIndex;
        this.counts = new int[domains];
        this.owners = new int[domains];
    }

    boolean selects(Pod pod) {
        return identity.namespaces().contains(pod.namespace()) && identity.selector().matchesLabels(pod.labels());
    }

    int maxSkew() {
        return identity.maxSkew();
    }

    String describe() {
        return switch (kind) {
            case SPREAD -> "topology spread on " + identity.key() + " (maxSkew " + identity.maxSkew() + ")";
            case AFFINITY -> "pod affinity on " + identity.key();
            case ANTI_AFFINITY -> "pod anti-affinity on " + identity.key();
        };
    }
}
