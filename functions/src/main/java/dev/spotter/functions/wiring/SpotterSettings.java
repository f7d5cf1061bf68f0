package dev.spotter.functions.wiring;

import dev.spotter.config.SpotterConfig;
import dev.spotter.interruption.RebalanceMode;

/**
 * What the functions run with: the cluster, its NodePools and EC2NodeClasses, whether to act or only decide
 * ({@code dryRun}), and what to do on a rebalance recommendation.
 */
public record SpotterSettings(String cluster, SpotterConfig config, boolean dryRun, RebalanceMode rebalance) {
}
