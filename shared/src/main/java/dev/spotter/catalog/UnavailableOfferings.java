package dev.spotter.catalog;

import java.time.Instant;
import java.util.Set;

/**
 * Offerings that recently failed to launch (insufficient capacity and the like). Entries lapse after a few minutes
 * (Karpenter uses 3), so capacity that comes back is tried again.
 */
public interface UnavailableOfferings {

    void markUnavailable(OfferingKey offering, String reason, Instant now);

    /** The offerings marked unavailable whose entry has not lapsed at {@code now}. */
    Set<OfferingKey> current(Instant now);
}
