package dev.spotter.catalog;

/**
 * How an instance is bought. RESERVED is an on-demand instance launched into a capacity reservation (an On-Demand
 * Capacity Reservation or a Capacity Block), Karpenter's capacity type {@code reserved}; it is last so that the
 * ordinals of spot and on-demand stay what plans and caches stored.
 */
public enum CapacityType {
    SPOT("spot"), ON_DEMAND("on-demand"), RESERVED("reserved");

    private final String label;

    CapacityType(String label) {
        this.label = label;
    }

    /** The value of the {@code karpenter.sh/capacity-type} label. */
    public String label() {
        return label;
    }

    public static CapacityType fromLabel(String label) {
        for (CapacityType type : values()) {
            if (type.label.equals(label)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown capacity type '" + label + "' (expected spot, on-demand or reserved)");
    }
}
