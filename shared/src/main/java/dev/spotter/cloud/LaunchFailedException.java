package dev.spotter.cloud;

import dev.spotter.catalog.OfferingKey;

import java.util.Set;

/**
 * A launch failed for a reason other than capacity (permissions, limits, a bad template, a throttled API).
 * {@link #reason()} is a short machine-readable cause (EC2's error code when there is one). When the same call also
 * reported capacity failures for some offerings, {@link #unavailableOfferings()} names them, so they are remembered.
 */
public class LaunchFailedException extends CloudProviderException {
    private final String reason;
    private final Set<OfferingKey> unavailableOfferings;

    public LaunchFailedException(String reason, String message, Throwable cause) {
        this(reason, message, Set.of(), cause);
    }

    public LaunchFailedException(String reason, String message, Set<OfferingKey> unavailableOfferings, Throwable cause) {
        super(message, cause);
        this.reason = reason == null || reason.isBlank() ? "LaunchFailed" : reason;
        this.unavailableOfferings = Set.copyOf(unavailableOfferings);
    }

    public String reason() {
        return reason;
    }

    public Set<OfferingKey> unavailableOfferings() {
        return unavailableOfferings;
    }
}
