package dev.spotter.cloud;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.catalog.UnavailableOfferings;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Launches a NodeClaim the way Karpenter does after an insufficient-capacity error: the offerings that failed are
 * remembered in {@link UnavailableOfferings} (so the next plan avoids them too) and the claim is retried at once on
 * what is left; when no reservation has room it falls back to spot, and when no spot offering is left and the
 * NodePool and claim allow on-demand, to on-demand.
 * Offerings already known to be unavailable are dropped before the first attempt. Attempts are bounded.
 */
public final class LaunchWithFallback {
    public static final int DEFAULT_MAX_ATTEMPTS = 4;

    private final CloudProvider cloud;
    private final UnavailableOfferings unavailable;
    private final Clock clock;
    private final int maxAttempts;

    public LaunchWithFallback(CloudProvider cloud, UnavailableOfferings unavailable, Clock clock) {
        this(cloud, unavailable, clock, DEFAULT_MAX_ATTEMPTS);
    }

    public LaunchWithFallback(CloudProvider cloud, UnavailableOfferings unavailable, Clock clock, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.cloud = Objects.requireNonNull(cloud, "cloud");
        this.unavailable = Objects.requireNonNull(unavailable, "unavailable");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAttempts = maxAttempts;
    }

    /**
     * Launches the request's claim.
     *
     * @throws InsufficientCapacityException when every allowed offering failed or the attempts ran out; it names
     *                                       every offering that failed during this call
     * @throws NodeClassNotReadyException    and {@link LaunchFailedException} as the cloud raised them, at once
     */
    public LaunchResult launch(LaunchRequest request) {
        LaunchRequest current = request.without(unavailable.current(clock.instant()));
        Set<OfferingKey> failed = new LinkedHashSet<>();
        String lastMessage = "no offering left to launch on";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            current = withLaunchableCapacityType(current);
            if (current.offerings().isEmpty()) {
                break;
            }
            try {
                LaunchResult result = cloud.launch(current.withAttempt(attempt));
                markUnavailable(result.unavailableOfferings(), "InsufficientCapacity");
                return result;
            } catch (InsufficientCapacityException e) {
                markUnavailable(e.offerings(), "InsufficientCapacity");
                // a failure that names no offering still rules out everything this attempt offered
                Set<OfferingKey> gone = e.offerings().isEmpty() ? Set.copyOf(current.offerings()) : e.offerings();
                failed.addAll(gone);
                lastMessage = e.getMessage();
                current = current.without(gone);
            } catch (LaunchFailedException e) {
                markUnavailable(e.unavailableOfferings(), e.reason());
                throw e;
            }
        }
        throw new InsufficientCapacityException("could not launch NodeClaim " + request.claim().name()
                + " on any allowed offering (" + failed.size() + " failed); last error: " + lastMessage, failed);
    }

    /**
     * Falls back from reserved to spot (if allowed, else on-demand) once no reservation has room, and from spot to
     * on-demand once no spot offering is left, if on-demand is allowed.
     */
    private static LaunchRequest withLaunchableCapacityType(LaunchRequest request) {
        if (request.capacityType() == CapacityType.RESERVED && request.offerings().isEmpty()) {
            if (request.allows(CapacityType.SPOT) && !request.withCapacityType(CapacityType.SPOT).offerings().isEmpty()) {
                return request.withCapacityType(CapacityType.SPOT);
            }
            if (request.allows(CapacityType.ON_DEMAND)) {
                return request.withCapacityType(CapacityType.ON_DEMAND);
            }
            return request;
        }
        if (request.capacityType() == CapacityType.SPOT && request.offerings().isEmpty()
                && request.allows(CapacityType.ON_DEMAND)) {
            return request.withCapacityType(CapacityType.ON_DEMAND);
        }
        return request;
    }

    private void markUnavailable(Set<OfferingKey> offerings, String reason) {
        for (OfferingKey offering : offerings) {
            unavailable.markUnavailable(offering, reason, clock.instant());
        }
    }
}
