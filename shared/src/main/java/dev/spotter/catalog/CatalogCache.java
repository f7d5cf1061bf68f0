package dev.spotter.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Instance types and prices fetched from EC2 and the Pricing API, kept so that every invocation need not refetch. */
public interface CatalogCache {

    void put(String region, List<InstanceSpec> specs, Instant fetchedAt);

    /** The cached catalog of a region, if one was stored. */
    Optional<CachedCatalog> get(String region);

    record CachedCatalog(String region, List<InstanceSpec> specs, Instant fetchedAt) {
        public CachedCatalog {
            specs = List.copyOf(specs);
        }
    }
}
