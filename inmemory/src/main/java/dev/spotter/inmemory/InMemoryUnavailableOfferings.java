package dev.spotter.inmemory;

import dev.spotter.catalog.OfferingKey;
import dev.spotter.catalog.UnavailableOfferings;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One cluster's unavailable offerings in memory: an entry lapses {@code ttl} (default 3 minutes) after it was last
 * marked, exactly as the DynamoDB implementation filters them. Records calls and injects errors.
 */
public final class InMemoryUnavailableOfferings extends FakeCalls implements UnavailableOfferings {
    private final Duration ttl;
    private final Map<OfferingKey, Entry> entries = new HashMap<>();

    public InMemoryUnavailableOfferings() {
        this(Duration.ofMinutes(3));
    }

    public InMemoryUnavailableOfferings(Duration ttl) {
        super("unavailable");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("unavailable-offering TTL must be positive, got " + ttl);
        }
        this.ttl = ttl;
    }

    @Override
    public synchronized void markUnavailable(OfferingKey offering, String reason, Instant now) {
        record("markUnavailable", offering + " " + reason);
        entries.put(offering, new Entry(reason == null ? "" : reason, now.plus(ttl)));
        done("markUnavailable", offering + " " + reason);
    }

    @Override
    public synchronized Set<OfferingKey> current(Instant now) {
        record("current", "");
        return entries.entrySet().stream()
                .filter(entry -> entry.getValue().expiresAt().isAfter(now))
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Why an offering was last marked, whether or not its entry has lapsed; null if never marked. Not logged. */
    public synchronized String reason(OfferingKey offering) {
        Entry entry = entries.get(offering);
        return entry == null ? null : entry.reason();
    }

    private record Entry(String reason, Instant expiresAt) {
    }
}
