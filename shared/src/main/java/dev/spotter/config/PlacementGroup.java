package dev.spotter.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A resolved EC2 placement group: its name, id, strategy, partition count (partition groups) and, once it holds an
 * instance, its zone. A cluster group lives in one zone; a spread group holds at most
 * {@link #SPREAD_INSTANCES_PER_ZONE} running instances per zone (EC2's rack-level spread limit).
 */
public record PlacementGroup(String name, String id, Strategy strategy, int partitionCount, String zone) {
    public static final int SPREAD_INSTANCES_PER_ZONE = 7;

    public PlacementGroup {
        name = name == null ? "" : name;
        id = id == null ? "" : id;
        Objects.requireNonNull(strategy, "strategy");
        zone = zone == null ? "" : zone;
    }

    /** The zone a cluster group is pinned to, when known. */
    public Optional<String> pinnedZone() {
        return strategy == Strategy.CLUSTER && !zone.isEmpty() ? Optional.of(zone) : Optional.empty();
    }

    public enum Strategy {
        CLUSTER("cluster"), PARTITION("partition"), SPREAD("spread");

        private final String label;

        Strategy(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Optional<Strategy> fromLabel(String value) {
            for (Strategy strategy : values()) {
                if (strategy.label.equals(value)) {
                    return Optional.of(strategy);
                }
            }
            return Optional.empty();
        }
    }
}
