package dev.spotter.config;

import java.time.Duration;
import java.util.List;

/**
 * A NodePool's disruption block. {@code consolidateAfter} is null for Never.
 * {@code consolidationPolicy} is WhenEmptyOrUnderutilized (the default) or WhenEmpty.
 */
public record Disruption(String consolidationPolicy, Duration consolidateAfter, List<Budget> budgets) {
    public static final Disruption DEFAULT = new Disruption("WhenEmptyOrUnderutilized", Duration.ZERO, List.of(Budget.DEFAULT));

    public Disruption {
        budgets = List.copyOf(budgets);
    }

    /** A disruption budget: {@code nodes} is a count or a percentage ("10%"); schedule is a cron, with a duration. */
    public record Budget(String nodes, String schedule, Duration duration, List<String> reasons) {
        public static final Budget DEFAULT = new Budget("10%", "", null, List.of());

        public Budget {
            reasons = List.copyOf(reasons);
            schedule = schedule == null ? "" : schedule;
        }
    }
}
