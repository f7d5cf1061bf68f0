package dev.spotter.adapters.ec2;

import dev.spotter.catalog.OfferingKey;
import dev.spotter.catalog.UnavailableOfferings;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Unavailable offerings in a map, lapsing after three minutes. */
final class InMemoryUnavailableOfferings implements UnavailableOfferings {
    private final Map<OfferingKey, Instant> expiries = new ConcurrentHashMap<>();

    @Override
    public void markUnavailable(OfferingKey offering, String reason, Instant now) {
        expiries.put(offering, now.plus(Duration.ofMinutes(3)));
    }

    @Override
    public Set<OfferingKey> current(Instant now) {
        return expiries.entrySet().stream().filter(entry -> entry.getValue().isAfter(now)).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }
}
