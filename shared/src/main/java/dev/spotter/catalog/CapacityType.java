package dev.spotter.catalog;

/** How an instance is bought. */
public enum CapacityType {
    SPOT("spot"), ON_DEMAND("on-demand");

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
        throw new IllegalArgumentException("unknown capacity type '" + label + "' (expected spot or on-demand)");
    }
}
