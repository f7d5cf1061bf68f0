package dev.spotter.config;

import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Karpenter NodeOverlay (karpenter.sh/v1alpha1): for the instance types (and offerings) its {@code requirements}
 * select, {@code capacity} adds extended resources and {@code price} or {@code priceAdjustment} (never both) change
 * the offering price. {@code weight} orders overlays that match the same type (higher first, then name). Spotter's
 * annotation {@value #MIG_CONFIG_ANNOTATION} names an NVIDIA MIG configuration (all-1g.10gb, all-balanced, ...)
 * whose per-GPU profile counts are added to the capacity of each selected type with a MIG-capable GPU
 * ({@code migConfig}, empty when unset).
 */
public record NodeOverlay(
        String name,
        int weight,
        Requirements requirements,
        Resources capacity,
        PriceChange price,
        String migConfig) {

    public static final String API_VERSION = "karpenter.sh/v1alpha1";
    public static final String KIND = "NodeOverlay";
    public static final String MIG_CONFIG_ANNOTATION = "spotter.dev/mig-config";

    public NodeOverlay {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requirements, "requirements");
        capacity = capacity == null ? Resources.NONE : capacity;
        migConfig = migConfig == null ? "" : migConfig;
    }

    public Optional<PriceChange> priceChange() {
        return Optional.ofNullable(price);
    }

    /**
     * {@code price} (an absolute price) or {@code priceAdjustment} (a signed amount, or a signed percentage of the
     * price it adjusts). A price never goes below zero.
     */
    public record PriceChange(Kind kind, double value) {
        public enum Kind { SET, ADD, PERCENT }

        public double applyTo(double price) {
            double result = switch (kind) {
                case SET -> value;
                case ADD -> price + value;
                case PERCENT -> price * (1 + value / 100.0);
            };
            return Math.max(0, result);
        }
    }

    /** The capacity as a map, for messages. */
    public Map<String, Long> capacityMap() {
        return capacity.asMap();
    }
}
