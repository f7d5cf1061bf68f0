package dev.spotter.config;

import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Karpenter v1 NodePool (karpenter.sh/v1). {@code limits} hold cpu in millicores, memory in bytes, and counts for
 * extended resources and "nodes". {@code expireAfter} and {@code terminationGracePeriod} are null for Never / unset.
 */
public record NodePool(
        String name,
        String nodeClassName,
        Map<String, String> labels,
        Map<String, String> annotations,
        Requirements requirements,
        List<Taint> taints,
        List<Taint> startupTaints,
        Duration expireAfter,
        Duration terminationGracePeriod,
        Disruption disruption,
        Resources limits,
        int weight) {

    public static final String NODES_LIMIT = "nodes";

    public NodePool {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        taints = List.copyOf(taints);
        startupTaints = List.copyOf(startupTaints);
    }
}
