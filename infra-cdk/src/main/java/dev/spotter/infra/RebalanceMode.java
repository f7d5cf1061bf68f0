package dev.spotter.infra;

import java.util.Locale;

/** What Spotter does on an EC2 Instance Rebalance Recommendation. */
public enum RebalanceMode {
    /** Launch a replacement and drain the node at risk before its spot interruption comes. */
    REPLACE,
    /** Only record the recommendation; act on the interruption warning itself. */
    OFF;

    /** The configuration object's spelling: "replace" or "off". */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RebalanceMode parse(String value) {
        for (RebalanceMode mode : values()) {
            if (mode.configValue().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("rebalance must be \"replace\" or \"off\", got \"" + value + "\"");
    }
}
