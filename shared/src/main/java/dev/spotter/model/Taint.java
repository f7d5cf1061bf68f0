package dev.spotter.model;

/** A node taint. {@code value} may be empty; effect is NoSchedule, PreferNoSchedule or NoExecute. */
public record Taint(String key, String value, String effect) {
    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
    public static final String NO_EXECUTE = "NoExecute";
    /** Karpenter's {@code karpenter.sh/disrupted:NoSchedule}: the node is being drained and retired; nothing new lands on it. */
    public static final Taint DISRUPTED = new Taint(WellKnownLabels.DISRUPTED_TAINT_KEY, "", NO_SCHEDULE);

    public Taint {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("taint key is required");
        }
        value = value == null ? "" : value;
        if (!NO_SCHEDULE.equals(effect) && !PREFER_NO_SCHEDULE.equals(effect) && !NO_EXECUTE.equals(effect)) {
            throw new IllegalArgumentException("taint effect must be NoSchedule, PreferNoSchedule or NoExecute, got '" + effect + "'");
        }
    }

    /** True when this taint keeps a pod off unless tolerated (PreferNoSchedule only prefers). */
    public boolean repels() {
        return !PREFER_NO_SCHEDULE.equals(effect);
    }

    @Override
    public String toString() {
        return key + (value.isEmpty() ? "" : "=" + value) + ":" + effect;
    }
}
