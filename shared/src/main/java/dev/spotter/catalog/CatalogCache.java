package dev.spotter.catalog;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Instance types, prices and live spot prices fetched from EC2 and the Pricing API, kept so that every invocation
 * need not refetch.
 */
public interface CatalogCache {

    /**
     * Stores a region's catalog with the spot prices fetched alongside it (USD per hour by instance type, then zone;
     * empty when none were fetched), replacing whatever was stored.
     */
    void put(String region, List<InstanceSpec> specs, Map<String, Map<String, Double>> spotPrices, Instant fetchedAt);

    /** Stores a catalog without live spot prices (plans then use the Spot Advisor estimates). */
    default void put(String region, List<InstanceSpec> specs, Instant fetchedAt) {
        put(region, specs, Map.of(), fetchedAt);
    }

    /** The cached catalog of a region, if one was stored. */
    Optional<CachedCatalog> get(String region);

    /**
     * When the region's cached catalog was fetched, if one was stored: the version a warm container compares with
     * its own. Implementations read only this (not the catalog) where they can.
     */
    default Optional<Instant> fetchedAt(String region) {
        return get(region).map(CachedCatalog::fetchedAt);
    }

    record CachedCatalog(String region, List<InstanceSpec> specs, Map<String, Map<String, Double>> spotPrices,
                         Instant fetchedAt) {
        public CachedCatalog {
            specs = List.copyOf(specs);
            spotPrices = copy(spotPrices);
        }

        public CachedCatalog(String region, List<InstanceSpec> specs, Instant fetchedAt) {
            this(region, specs, Map.of(), fetchedAt);
        }

        /** The cached live spot prices where there is one, else the Spot Advisor estimate of the cached catalog. */
        public SpotPrices spotPricesOrEstimates() {
            return SpotPrices.of(spotPrices).orElse(SpotPrices.estimatedFrom(new Catalog(region, specs)));
        }

        private static Map<String, Map<String, Double>> copy(Map<String, Map<String, Double>> prices) {
            Map<String, Map<String, Double>> result = new HashMap<>();
            prices.forEach((type, byZone) -> result.put(type, Map.copyOf(byZone)));
            return Map.copyOf(result);
        }
    }
}
