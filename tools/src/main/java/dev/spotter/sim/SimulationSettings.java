package dev.spotter.sim;

import dev.spotter.catalog.OfferingKey;
import dev.spotter.config.SpotterConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One run's inputs: the NodePools and EC2NodeClasses, the workload, how long, the seed, the spot market
 * ({@code interruptionScale} multiplies every type's Spot Advisor rate; {@code offeringCapacity}, when set, gives
 * every offering a seeded capacity between half and one and a half times it; {@code capacityOverrides} fix the
 * capacity of single offerings), the boot delays and an optional storm.
 */
public record SimulationSettings(SpotterConfig config, Workload workload, Duration duration, long seed,
                                 double interruptionScale, Optional<Integer> offeringCapacity, BootDelays delays,
                                 Optional<Storm> storm, Map<OfferingKey, Integer> capacityOverrides) {
    /** Virtual time zero of every run (any fixed instant: the workload is relative to it). */
    public static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    public static final String CLUSTER = "simulated";

    public SimulationSettings {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        if (interruptionScale < 0 || Double.isNaN(interruptionScale)) {
            throw new IllegalArgumentException("interruption scale must be 0 or more, got " + interruptionScale);
        }
        capacityOverrides = Map.copyOf(capacityOverrides);
    }

    /**
     * At {@code at}, a share {@code fraction} of the running spot instances get their two-minute warning, spread over
     * one minute (EC2 reclaiming capacity from a pool all at once).
     */
    public record Storm(Duration at, double fraction) {
        public Storm {
            if (fraction <= 0 || fraction > 1) {
                throw new IllegalArgumentException("storm fraction must be in (0, 1], got " + fraction);
            }
        }
    }
}
