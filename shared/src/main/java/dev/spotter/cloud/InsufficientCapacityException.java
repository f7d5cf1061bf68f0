package dev.spotter.cloud;

import dev.spotter.catalog.OfferingKey;

import java.util.Set;

/**
 * The cloud had no capacity for some offerings of a launch (EC2's InsufficientInstanceCapacity and its relatives).
 * {@link #offerings()} names those that failed, so they can be marked unavailable and the launch retried on the rest;
 * it is empty when the cloud did not say which.
 */
public class InsufficientCapacityException extends CloudProviderException {
    private final Set<OfferingKey> offerings;

    public InsufficientCapacityException(String message, Set<OfferingKey> offerings) {
        this(message, offerings, null);
    }

    public InsufficientCapacityException(String message, Set<OfferingKey> offerings, Throwable cause) {
        super(message, cause);
        this.offerings = Set.copyOf(offerings);
    }

    public Set<OfferingKey> offerings() {
        return offerings;
    }
}
