package dev.spotter.functions.wiring;

import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCache;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceTypeResolver;
import dev.spotter.functions.provisioner.InstanceTypeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The instance types of a warm container planning with the live catalog: the region's catalog and spot prices the
 * tick last cached, priced with the live spot price of each offering where one was fetched and the shipped Spot
 * Advisor estimate where not. At most once a {@link #CHECK_INTERVAL} it reads the cached catalog's fetch time (a
 * cheap read) and reloads the catalog when that changed; the shipped catalog whenever none is cached or the cache
 * cannot be read.
 */
final class CachedInstanceTypes implements Supplier<InstanceTypeSource> {
    private static final Logger LOG = LoggerFactory.getLogger(CachedInstanceTypes.class);
    /** How long a container plans with a catalog before it checks the cache for a newer one. */
    static final Duration CHECK_INTERVAL = Duration.ofMinutes(1);

    private final String region;
    private final Supplier<CatalogCache> cache;
    private final Clock clock;
    private InstanceTypeSource current;
    /** The fetch time of the cached catalog {@link #current} was built from; null for the shipped catalog. */
    private Instant version;
    private Instant checkedAt;

    CachedInstanceTypes(String region, Supplier<CatalogCache> cache, Clock clock) {
        this.region = Objects.requireNonNull(region, "region");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized InstanceTypeSource get() {
        Instant now = clock.instant();
        if (current != null && checkedAt != null && now.isBefore(checkedAt.plus(CHECK_INTERVAL))) {
            return current;
        }
        checkedAt = now;
        try {
            Optional<Instant> cached = cache.get().fetchedAt(region);
            if (current != null && Objects.equals(cached.orElse(null), version)) {
                return current;
            }
            Optional<CatalogCache.CachedCatalog> catalog = cached.isEmpty() ? Optional.empty() : cache.get().get(region);
            if (catalog.isPresent()) {
                CatalogCache.CachedCatalog loaded = catalog.get();
                current = new InstanceTypeSource(new Catalog(loaded.region(), loaded.specs()),
                        InstanceTypeResolver.builder().spotPrices(loaded.spotPricesOrEstimates()).build());
                version = loaded.fetchedAt();
                return current;
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot read the cached catalog of {}; planning with {}: {}", region,
                    current == null ? "the shipped one" : "the one read before", e.toString());
            if (current != null) {
                return current;
            }
        }
        if (current == null || version != null) {
            current = shipped();
            version = null;
        }
        return current;
    }

    static InstanceTypeSource shipped() {
        Catalog catalog = CatalogCsv.loadDefault();
        return new InstanceTypeSource(catalog, InstanceTypeResolver.estimated(catalog));
    }
}
