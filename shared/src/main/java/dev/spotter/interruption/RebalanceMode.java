package dev.spotter.interruption;

import java.util.Locale;

/** What to do on a rebalance recommendation. Karpenter only logs it; Spotter can also replace ahead of time. */
public enum RebalanceMode {
    /** Log the recommendation and do nothing else (Karpenter's behaviour). */
    OFF,
    /** Launch a replacement now and drain the at-risk node once the replacement is ready. */
    REPLACE;

    /** The spelling in Spotter's configuration and the CDK context: {@code off} or {@code replace}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code off} or {@code replace} (any case); anything else is an error naming the allowed values. */
    public static RebalanceMode fromString(String value) {
        if (value != null) {
            for (RebalanceMode mode : values()) {
                if (mode.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("rebalance mode '" + value + "' is not one of off, replace");
    }
}
