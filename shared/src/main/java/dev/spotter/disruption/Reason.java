package dev.spotter.disruption;

/**
 * Why a node is disrupted. The labels are Karpenter's (the {@code reasons} of a NodePool budget, the JSON of
 * {@code ./spotter disrupt}). Expired is not budgeted (Karpenter v1: expiration is forceful).
 */
public enum Reason {
    EMPTY("Empty"), UNDERUTILIZED("Underutilized"), DRIFTED("Drifted"), EXPIRED("Expired");

    private final String label;

    Reason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Empty, Drifted and Underutilized are limited by NodePool budgets; Expired is not. */
    public boolean isBudgeted() {
        return this != EXPIRED;
    }

    /** The reason with that label (as a budget lists it); throws on an unknown label. */
    public static Reason fromLabel(String label) {
        for (Reason reason : values()) {
            if (reason.label.equals(label)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown disruption reason '" + label + "' (expected Empty, Underutilized, Drifted or Expired)");
    }
}
