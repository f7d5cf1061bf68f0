package dev.spotter.lifecycle;

import java.time.Duration;

/**
 * Timeouts the reconcile tick enforces, Karpenter's by default: a claim must launch within 5 minutes and register
 * within 15; an instance with no claim is collected once 30 seconds old (a launch in progress records its claim within
 * that time); {@code maxCommands} bounds one tick's work so it always ends inside its timeout and the next tick resumes.
 */
public record LifecycleSettings(Duration launchTimeout, Duration registrationTimeout, Duration orphanGracePeriod,
                                Duration tombstoneRetention, int maxEvictionsPerNode, int maxCommands) {
    public static final LifecycleSettings DEFAULT = new LifecycleSettings(Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofSeconds(30), Duration.ofHours(1), 50, 500);
}
