package dev.spotter.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes/Go durations as Karpenter's CRDs accept them: one or more {@code <n>h|m|s} parts ("720h", "1h30m"). */
public final class Durations {
    public static final String NEVER = "Never";
    private static final Pattern WHOLE = Pattern.compile("([0-9]+(h|m|s))+");
    private static final Pattern PART = Pattern.compile("([0-9]+)(h|m|s)");

    private Durations() {
    }

    /** Parses "720h", "30m", "1h30m", "0s"; throws IllegalArgumentException on anything else. */
    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 720h, 30m, 1h30m or 10s");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            });
        }
        return total;
    }

    /** Like {@link #parse}, but "Never" reads as empty. */
    public static Optional<Duration> parseOrNever(String text) {
        return NEVER.equals(text) ? Optional.empty() : Optional.of(parse(text));
    }

    /** The Go spelling of a duration: 720h0m0s is written 720h, 90m as 1h30m. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (seconds > 0) {
            text.append(seconds).append('s');
        }
        return text.toString();
    }
}
