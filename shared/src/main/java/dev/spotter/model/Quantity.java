package dev.spotter.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Parses Kubernetes resource quantities ("250m", "1.5", "512Mi", "2G", "1e3", "1Ei") into longs.
 * CPU is kept in millicores, everything else in base units, both rounded up as the kubelet does.
 */
public final class Quantity {
    /** No quantity Kubernetes accepts has more digits than this either side of the point. */
    private static final int MAX_MAGNITUDE = 40;
    /** Longer texts are not quantities (Kubernetes' own are a few dozen characters at most). */
    private static final int MAX_LENGTH = 64;

    private Quantity() {
    }

    /** The quantity in thousandths of a unit: "250m" is 250, "2" is 2000. */
    public static long parseMillis(String text) {
        return exact(decimal(text).movePointRight(3), text);
    }

    /** The quantity in whole units, rounded up: "512Mi" is 536870912, "100m" is 1. */
    public static long parseValue(String text) {
        return exact(decimal(text), text);
    }

    private static long exact(BigDecimal value, String raw) {
        if (value.signum() != 0 && value.precision() - value.scale() > 19) {
            throw new IllegalArgumentException("quantity '" + raw + "' is too large");
        }
        try {
            return value.setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("quantity '" + raw + "' is too large", e);
        }
    }

    private static BigDecimal decimal(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("empty quantity");
        }
        String text = raw.trim();
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("quantity of " + text.length() + " characters is too long (at most "
                    + MAX_LENGTH + ")");
        }
        int split = text.length();
        while (split > 0 && Character.isLetter(text.charAt(split - 1))) {
            split--;
        }
        String number = text.substring(0, split);
        String suffix = text.substring(split);
        // "1e3" ends in a digit, so a lone 'e'/'E' exponent never reaches the suffix table
        try {
            BigDecimal value = new BigDecimal(number.isEmpty() ? "x" : number);
            // an exponent far outside any quantity would make the rounding below build enormous numbers
            if (value.signum() != 0 && (long) value.precision() - value.scale() > MAX_MAGNITUDE) {
                throw new IllegalArgumentException("quantity '" + raw + "' is out of range");
            }
            if (value.signum() != 0 && (long) value.precision() - value.scale() < -MAX_MAGNITUDE) {
                value = BigDecimal.ONE.movePointLeft(MAX_MAGNITUDE);
            } else if (value.scale() > MAX_MAGNITUDE) {
                // rounded up to a whole unit anyway: a tinier positive value counts as the smallest one kept
                value = value.setScale(MAX_MAGNITUDE, RoundingMode.CEILING);
            }
            if (value.signum() < 0) {
                throw new IllegalArgumentException("negative quantity '" + raw + "'");
            }
            return value.multiply(multiplier(suffix, raw));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a Kubernetes quantity: '" + raw + "'");
        }
    }

    private static BigDecimal multiplier(String suffix, String raw) {
        return switch (suffix) {
            case "" -> BigDecimal.ONE;
            case "n" -> new BigDecimal("1e-9");
            case "u" -> new BigDecimal("1e-6");
            case "m" -> new BigDecimal("1e-3");
            case "k" -> BigDecimal.valueOf(1_000L);
            case "M" -> BigDecimal.valueOf(1_000_000L);
            case "G" -> BigDecimal.valueOf(1_000_000_000L);
            case "T" -> BigDecimal.valueOf(1_000_000_000_000L);
            case "P" -> BigDecimal.valueOf(1_000_000_000_000_000L);
            case "E" -> BigDecimal.valueOf(1_000_000_000_000_000_000L);
            case "Ki" -> BigDecimal.valueOf(1L << 10);
            case "Mi" -> BigDecimal.valueOf(1L << 20);
            case "Gi" -> BigDecimal.valueOf(1L << 30);
            case "Ti" -> BigDecimal.valueOf(1L << 40);
            case "Pi" -> BigDecimal.valueOf(1L << 50);
            case "Ei" -> BigDecimal.valueOf(1L << 60);
            default -> throw new IllegalArgumentException("unknown quantity suffix '" + suffix + "' in '" + raw + "'");
        };
    }
}
