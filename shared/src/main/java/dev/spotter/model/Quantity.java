package dev.spotter.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Parses Kubernetes resource quantities ("250m", "1.5", "512Mi", "2G", "1e3") into longs.
 * CPU is kept in millicores, everything else in base units, both rounded up as the kubelet does.
 */
public final class Quantity {
    private Quantity() {
    }

    /** The quantity in thousandths of a unit: "250m" is 250, "2" is 2000. */
    public static long parseMillis(String text) {
        return decimal(text).movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The quantity in whole units, rounded up: "512Mi" is 536870912, "100m" is 1. */
    public static long parseValue(String text) {
        return decimal(text).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static BigDecimal decimal(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("empty quantity");
        }
        String text = raw.trim();
        int split = text.length();
        while (split > 0 && Character.isLetter(text.charAt(split - 1))) {
            split--;
        }
        String number = text.substring(0, split);
        String suffix = text.substring(split);
        // "1e3" ends in a digit, so a lone 'e'/'E' exponent never reaches the suffix table
        try {
            BigDecimal value = new BigDecimal(number.isEmpty() ? "x" : number);
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
            case "Ki" -> BigDecimal.valueOf(1L << 10);
            case "Mi" -> BigDecimal.valueOf(1L << 20);
            case "Gi" -> BigDecimal.valueOf(1L << 30);
            case "Ti" -> BigDecimal.valueOf(1L << 40);
            case "Pi" -> BigDecimal.valueOf(1L << 50);
            default -> throw new IllegalArgumentException("unknown quantity suffix '" + suffix + "' in '" + raw + "'");
        };
    }
}
