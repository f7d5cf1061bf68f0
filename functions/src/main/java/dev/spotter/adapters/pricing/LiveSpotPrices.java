package dev.spotter.adapters.pricing;

import dev.spotter.catalog.SpotPrices;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Current spot prices per instance type and zone, from DescribeSpotPriceHistory (Linux/UNIX; the latest entry per
 * type and zone wins). Asking with a start time of now returns the price in force for every type and zone.
 */
public final class LiveSpotPrices implements SpotPrices {
    private final Map<String, Map<String, Double>> byTypeAndZone;

    LiveSpotPrices(Map<String, Map<String, Double>> byTypeAndZone) {
        this.byTypeAndZone = Map.copyOf(byTypeAndZone);
    }

    public static LiveSpotPrices fetch(Ec2Client ec2, Instant now) {
        DescribeSpotPriceHistoryRequest request = DescribeSpotPriceHistoryRequest.builder()
                .startTime(now).endTime(now).productDescriptions("Linux/UNIX").build();
        return from(ec2.describeSpotPriceHistoryPaginator(request).spotPriceHistory());
    }

    /** Keeps the latest Linux price of each type and zone; unparsable prices are skipped. */
    static LiveSpotPrices from(Iterable<SpotPrice> history) {
        Map<String, Map<String, Double>> prices = new HashMap<>();
        Map<String, Instant> seenAt = new HashMap<>();
        for (SpotPrice entry : history) {
            String description = entry.productDescriptionAsString();
            if (description == null || !description.startsWith("Linux/UNIX") || entry.spotPrice() == null) {
                continue;
            }
            double price;
            try {
                price = Double.parseDouble(entry.spotPrice());
            } catch (NumberFormatException e) {
                continue;
            }
            String key = entry.instanceTypeAsString() + "@" + entry.availabilityZone();
            Instant at = entry.timestamp() == null ? Instant.EPOCH : entry.timestamp();
            Instant previous = seenAt.get(key);
            if (previous == null || at.isAfter(previous)) {
                seenAt.put(key, at);
                prices.computeIfAbsent(entry.instanceTypeAsString(), type -> new HashMap<>()).put(entry.availabilityZone(), price);
            }
        }
        return new LiveSpotPrices(prices);
    }

    @Override
    public OptionalDouble spotPrice(String instanceType, String zone) {
        Double price = byTypeAndZone.getOrDefault(instanceType, Map.of()).get(zone);
        return price == null ? OptionalDouble.empty() : OptionalDouble.of(price);
    }

    /** The prices, by instance type then zone: what the catalog cache keeps. */
    public Map<String, Map<String, Double>> byTypeAndZone() {
        return byTypeAndZone;
    }

    public int size() {
        return byTypeAndZone.values().stream().mapToInt(Map::size).sum();
    }
}
