package dev.spotter.cloud;

import dev.spotter.catalog.OfferingKey;
import dev.spotter.catalog.UnavailableOfferings;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Unavailable offerings kept in a map, lapsing after three minutes as Karpenter's do; records the reasons. */
final class InMemoryUnavailableOfferings implements UnavailableOfferings {
    private static final Duration TTL = Duration.ofMinutes(3);
    final Map<OfferingKey, Instant> expiries = new LinkedHashMap<>();
    final Map<OfferingKey, String> reasons = new LinkedHashMap<>();

    @Override
    public void markUnavailable(OfferingKey offering, String reason, Instant now) {
        expiries.put(offering, now.plus(TTL));
        reasons.put(offering, reason);
    }

    @Override
    public Set<OfferingKey> current(Instant now) {
        return expiries.entrySet().stream().filter(entry -> entry.getValue().isAfter(now)).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }
}
