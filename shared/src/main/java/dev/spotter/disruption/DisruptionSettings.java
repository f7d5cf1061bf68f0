package dev.spotter.disruption;

import java.time.Duration;

/**
 * Spotter's anti-churn rule and switches (see docs/disruption.md for why these defaults). A consolidation move is
 * made only when it saves at least {@code minSavingsShare} of its candidates' price, and when its one-off cost — the
 * replacements' price over {@code replacementBootTime} plus {@code evictionCostPerPod} per moved pod — is paid back by
 * the savings within {@code paybackHorizon}. A workload whose pods were moved within {@code cooldown} is not moved
 * again. {@code spotToSpot} allows a spot node to be replaced by a cheaper spot node. {@code maxCandidates} bounds how
 * many consolidation candidates one decision considers (the least utilised first).
 */
public record DisruptionSettings(
        double minSavingsShare,
        Duration paybackHorizon,
        Duration replacementBootTime,
        double evictionCostPerPod,
        Duration cooldown,
        boolean spotToSpot,
        int maxCandidates) {

    public static final DisruptionSettings DEFAULT = new DisruptionSettings(0.05, Duration.ofHours(1), Duration.ofMinutes(2),
            0.001, Duration.ofMinutes(30), true, 5000);

    public DisruptionSettings {
        if (minSavingsShare < 0 || minSavingsShare >= 1) {
            throw new IllegalArgumentException("minSavingsShare must be in [0, 1), got " + minSavingsShare);
        }
        if (evictionCostPerPod < 0) {
            throw new IllegalArgumentException("evictionCostPerPod must not be negative, got " + evictionCostPerPod);
        }
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("maxCandidates must be at least 1, got " + maxCandidates);
        }
    }

    /** Karpenter's behaviour: any saving at all, no payback rule, no cool-down, spot-to-spot off. */
    public static final DisruptionSettings KARPENTER = new DisruptionSettings(0.0, Duration.ZERO, Duration.ZERO, 0.0,
            Duration.ZERO, false, 100);
}
