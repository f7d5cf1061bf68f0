package dev.spotter.cluster;

import dev.spotter.model.Requirements;

/** A pod topology spread constraint; {@code selector} selects the pods counted (matchLabels as In). */
public record TopologySpreadConstraint(String topologyKey, int maxSkew, boolean doNotSchedule, Requirements selector, int minDomains) {
    public TopologySpreadConstraint {
        if (maxSkew < 1) {
            throw new IllegalArgumentException("maxSkew must be at least 1, got " + maxSkew);
        }
    }
}
