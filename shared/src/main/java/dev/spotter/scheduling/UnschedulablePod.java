package dev.spotter.scheduling;

/** A pending pod the plan cannot place, and why, in words a person can act on. */
public record UnschedulablePod(String pod, String reason) {
}
