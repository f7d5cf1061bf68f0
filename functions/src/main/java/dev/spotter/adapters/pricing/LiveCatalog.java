package dev.spotter.adapters.pricing;

import dev.spotter.adapters.aws.CallPolicy;
import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCache;
import dev.spotter.catalog.InstanceSpec;
import dev.spotter.catalog.SpotPrices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsRequest;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.InstanceTypeOffering;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.pricing.PricingClient;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The region's catalog and spot prices, fetched live: instance types (DescribeInstanceTypes), the zones offering each
 * (DescribeInstanceTypeOfferings), on-demand prices (Pricing GetProducts) and spot prices (DescribeSpotPriceHistory).
 * The shipped CSV catalog fills whatever a call could not fetch, and stands in whole when the instance types cannot
 * be described: a failure is logged as a warning and never stops provisioning. A fetched catalog goes to the cache
 * with its spot prices. Closing it closes its clients.
 */
public final class LiveCatalog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveCatalog.class);

    private final Ec2Client ec2;
    private final PricingClient pricing;
    private final String region;
    private final Catalog fallback;
    private final CatalogCache cache;
    private final Clock clock;

    /** The Pricing API is served only in a few regions; us-east-1 answers for every region's prices. */
    public static final Region PRICING_REGION = Region.US_EAST_1;

    /** A refresher on clients with {@link CallPolicy#CATALOG}, region and credentials from the default chains. */
    public static LiveCatalog create(String region, Catalog fallback, CatalogCache cache, Clock clock) {
        return new LiveCatalog(CallPolicy.CATALOG.build(Ec2Client.builder()),
                CallPolicy.CATALOG.build(PricingClient.builder().region(PRICING_REGION)), region, fallback, cache, clock);
    }

    public LiveCatalog(Ec2Client ec2, PricingClient pricing, String region, Catalog fallback, CatalogCache cache, Clock clock) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.pricing = Objects.requireNonNull(pricing, "pricing");
        this.region = Objects.requireNonNull(region, "region");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Fetches the catalog and the spot prices in force and stores them in the cache; the fallback catalog when the
     * instance types cannot be described. Spot prices that cannot be fetched are cached empty (plans then estimate).
     */
    public Catalog refresh() {
        Optional<List<InstanceTypeInfo>> described = attempt("DescribeInstanceTypes", () ->
                ec2.describeInstanceTypesPaginator(request -> request.maxResults(100)).instanceTypes().stream().toList());
        if (described.isEmpty() || described.get().isEmpty()) {
            return fallback;
        }
        Map<String, List<String>> zones = attempt("DescribeInstanceTypeOfferings", this::zonesByType).orElse(Map.of());
        Map<String, Double> onDemand = attempt("Pricing GetProducts", () -> OnDemandPrices.fetch(pricing, region)).orElse(Map.of());
        Map<String, Map<String, Double>> spot = attempt("DescribeSpotPriceHistory",
                () -> LiveSpotPrices.fetch(ec2, clock.instant()).byTypeAndZone()).orElse(Map.of());
        List<InstanceSpec> specs = new ArrayList<>();
        for (InstanceTypeInfo info : described.get()) {
            try {
                specs.add(merge(info, zones, onDemand));
            } catch (IllegalArgumentException e) {
                LOG.warn("skipping instance type from DescribeInstanceTypes: {}", e.getMessage());
            }
        }
        specs.sort(java.util.Comparator.comparing(InstanceSpec::name));
        Instant now = clock.instant();
        cache.put(region, specs, spot, now);
        LOG.info("refreshed the {} catalog: {} instance types, {} with zones, {} with live on-demand prices, {} with live spot prices",
                region, specs.size(), zones.size(), onDemand.size(), spot.size());
        return new Catalog(region, specs);
    }

    /** Live spot prices where EC2 gives them, else the fallback catalog's estimates. */
    public SpotPrices spotPrices() {
        SpotPrices estimates = SpotPrices.estimatedFrom(fallback);
        return attempt("DescribeSpotPriceHistory", () -> LiveSpotPrices.fetch(ec2, clock.instant()))
                .<SpotPrices>map(live -> live.orElse(estimates)).orElse(estimates);
    }

    /**
     * One live row: EC2's description, with the live zones and on-demand price where fetched, else the shipped
     * catalog's; the spot saving estimate always comes from the shipped catalog (Spot Advisor data has no API).
     */
    private InstanceSpec merge(InstanceTypeInfo info, Map<String, List<String>> zones, Map<String, Double> onDemand) {
        String name = info.instanceTypeAsString();
        Optional<InstanceSpec> shipped = fallback.find(name);
        List<String> typeZones = zones.isEmpty() ? shipped.map(InstanceSpec::zones).orElse(List.of()) : zones.getOrDefault(name, List.of());
        double price = onDemand.containsKey(name) ? onDemand.get(name) : shipped.map(InstanceSpec::onDemandPrice).orElse(Double.NaN);
        double savings = shipped.map(InstanceSpec::spotSavingsPercent).orElse(0.0);
        return InstanceTypeParser.toSpec(info, typeZones, price, savings);
    }

    /** Closes the EC2 and Pricing clients (and their HTTP connection pools). */
    @Override
    public void close() {
        try {
            ec2.close();
        } finally {
            pricing.close();
        }
    }

    private Map<String, List<String>> zonesByType() {
        Map<String, TreeSet<String>> zones = new TreeMap<>();
        DescribeInstanceTypeOfferingsRequest request = DescribeInstanceTypeOfferingsRequest.builder()
                .locationType(LocationType.AVAILABILITY_ZONE).build();
        for (InstanceTypeOffering offering : ec2.describeInstanceTypeOfferingsPaginator(request).instanceTypeOfferings()) {
            zones.computeIfAbsent(offering.instanceTypeAsString(), type -> new TreeSet<>()).add(offering.location());
        }
        Map<String, List<String>> result = new TreeMap<>();
        zones.forEach((type, set) -> result.put(type, List.copyOf(set)));
        return result;
    }

    private <T> Optional<T> attempt(String call, Supplier<T> fetch) {
        try {
            return Optional.ofNullable(fetch.get());
        } catch (SdkException e) {
            LOG.warn("{} failed in {}; using the shipped catalog instead: {}", call, region, e.getMessage());
            return Optional.empty();
        }
    }
}
