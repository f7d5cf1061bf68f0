package dev.spotter.cluster;

import dev.spotter.model.Requirements;

/** A preferred node-affinity term and its weight (1-100). */
public record WeightedTerm(int weight, Requirements requirements) {
}
