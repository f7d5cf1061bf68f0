package dev.spotter.functions.tick;

import dev.spotter.adapters.pricing.LiveCatalog;
import dev.spotter.catalog.CatalogCache;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.functions.wiring.SpotterRuntime;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tick's hourly refresh of the region's live catalog (instance types, zones, prices) into the cache. Only the
 * tick refreshes, so only the tick's artifact carries the Pricing client.
 */
public final class CatalogRefresh {
    /** The live catalog changes rarely (new types, price updates); an hourly refresh keeps it current. */
    public static final Duration INTERVAL = Duration.ofHours(1);

    private final boolean enabled;
    private final String region;
    private final Supplier<CatalogCache> cache;
    private final Supplier<LiveCatalog> live;
    private final Clock clock;

    public CatalogRefresh(boolean enabled, String region, Supplier<CatalogCache> cache, Supplier<LiveCatalog> live,
                          Clock clock) {
        this.enabled = enabled;
        this.region = Objects.requireNonNull(region, "region");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.live = Objects.requireNonNull(live, "live");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The refresh of a runtime: its settings, its cache, EC2 and Pricing clients built when a refresh is due and
     * closed when it ends.
     */
    public static CatalogRefresh of(SpotterRuntime runtime) {
        return new CatalogRefresh(runtime.liveCatalog(), runtime.region(), runtime::catalogCache,
                () -> LiveCatalog.create(runtime.region(), CatalogCsv.loadDefault(), runtime.catalogCache(), runtime.clock()),
                runtime.clock());
    }

    /**
     * Fetches the region's instance types and prices into the cache when the cached copy is older than
     * {@link #INTERVAL} (live catalog only); a failed call falls back to the shipped catalog. The clients built for
     * the refresh are closed when it ends, however it ends. Returns whether it fetched.
     */
    public boolean refreshIfStale() {
        if (!enabled) {
            return false;
        }
        Optional<CatalogCache.CachedCatalog> cached = cache.get().get(region);
        if (cached.isPresent() && cached.get().fetchedAt().isAfter(clock.instant().minus(INTERVAL))) {
            return false;
        }
        try (LiveCatalog catalog = live.get()) {
            catalog.refresh();
        }
        return true;
    }
}
