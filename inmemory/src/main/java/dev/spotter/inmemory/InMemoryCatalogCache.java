package dev.spotter.inmemory;

import dev.spotter.catalog.CatalogCache;
import dev.spotter.catalog.InstanceSpec;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A CatalogCache in memory, one catalog per region. Records calls and injects errors (see {@link FakeCalls}). */
public final class InMemoryCatalogCache extends FakeCalls implements CatalogCache {
    private final Map<String, CachedCatalog> catalogs = new HashMap<>();

    public InMemoryCatalogCache() {
        super("catalog");
    }

    @Override
    public synchronized void put(String region, List<InstanceSpec> specs, Map<String, Map<String, Double>> spotPrices,
                                 Instant fetchedAt) {
        record("put", region + " " + specs.size());
        catalogs.put(region, new CachedCatalog(region, specs, spotPrices, fetchedAt));
        done("put", region + " " + specs.size());
    }

    @Override
    public synchronized Optional<CachedCatalog> get(String region) {
        record("get", region);
        return Optional.ofNullable(catalogs.get(region));
    }

    @Override
    public synchronized Optional<Instant> fetchedAt(String region) {
        record("fetchedAt", region);
        return Optional.ofNullable(catalogs.get(region)).map(CachedCatalog::fetchedAt);
    }
}
