package dev.spotter.cluster;

import dev.spotter.model.Requirements;

import java.util.Set;

/**
 * A required pod (anti-)affinity term: pods matched by {@code selector} in {@code namespaces} (empty: the pod's own
 * namespace) counted per value of {@code topologyKey}.
 */
public record PodAffinityTerm(Requirements selector, String topologyKey, Set<String> namespaces) {
    public PodAffinityTerm {
        namespaces = Set.copyOf(namespaces);
    }
}
