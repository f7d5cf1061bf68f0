package dev.spotter.bench;

import dev.spotter.config.Disruption;
import dev.spotter.config.KubeletConfiguration;
import dev.spotter.config.MetadataOptions;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;

import java.util.List;
import java.util.Map;

/** The NodePool and EC2NodeClass the benchmarks plan against, built in code (no YAML parsing in the timed path). */
final class BenchFixtures {
    static final String NODE_CLASS = "default";

    private BenchFixtures() {
    }

    static NodePool nodePool(String name, Requirements requirements) {
        return new NodePool(name, NODE_CLASS, Map.of(), Map.of(), requirements, List.of(), List.of(), null, null,
                Disruption.DEFAULT, Resources.NONE, 0);
    }

    static NodeClass nodeClass() {
        return new NodeClass(NODE_CLASS, "AL2023", List.of(), List.of(), List.of(), "KarpenterNodeRole-bench", "", "",
                List.of(), MetadataOptions.DEFAULT, KubeletConfiguration.DEFAULT, Map.of(), null, false, "");
    }
}
