package dev.spotter.catalog;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * Where spot prices come from: USD per hour of one instance type in one zone (name, e.g. us-east-1a), empty when no
 * price is known (then there is no spot offering there). Live prices (DescribeSpotPriceHistory) implement this too.
 */
@FunctionalInterface
public interface SpotPrices {

    OptionalDouble spotPrice(String instanceType, String zone);

    /** Estimates from the catalog: on-demand less the Spot Advisor's average saving, the same in every zone. */
    static SpotPrices estimatedFrom(Catalog catalog) {
        return (instanceType, zone) -> catalog.find(instanceType)
                .map(InstanceSpec::estimatedSpotPrice)
                .filter(price -> !Double.isNaN(price))
                .map(OptionalDouble::of)
                .orElse(OptionalDouble.empty());
    }

    /** Fixed prices keyed by instance type, then zone name; for tests and for prices fetched elsewhere. */
    static SpotPrices of(Map<String, Map<String, Double>> byTypeAndZone) {
        Map<String, Map<String, Double>> copy = Map.copyOf(byTypeAndZone);
        return (instanceType, zone) -> {
            Double price = copy.getOrDefault(instanceType, Map.of()).get(zone);
            return price == null ? OptionalDouble.empty() : OptionalDouble.of(price);
        };
    }

    /** This source's price where it has one, else {@code fallback}'s (e.g. live prices, then estimates). */
    default SpotPrices orElse(SpotPrices fallback) {
        return (instanceType, zone) -> {
            OptionalDouble price = spotPrice(instanceType, zone);
            return price.isPresent() ? price : fallback.spotPrice(instanceType, zone);
        };
    }
}
