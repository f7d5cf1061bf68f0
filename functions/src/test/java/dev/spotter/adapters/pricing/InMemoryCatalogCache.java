package dev.spotter.adapters.pricing;

import dev.spotter.catalog.CatalogCache;
import dev.spotter.catalog.InstanceSpec;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A catalog cache in a map. */
final class InMemoryCatalogCache implements CatalogCache {
    final Map<String, CachedCatalog> byRegion = new ConcurrentHashMap<>();

    @Override
    public void put(String region, List<InstanceSpec> specs, Instant fetchedAt) {
        byRegion.put(region, new CachedCatalog(region, specs, fetchedAt));
    }

    @Override
    public Optional<CachedCatalog> get(String region) {
        return Optional.ofNullable(byRegion.get(region));
    }
}
