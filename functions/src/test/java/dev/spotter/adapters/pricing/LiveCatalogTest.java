package dev.spotter.adapters.pricing;

import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.inmemory.InMemoryCatalogCache;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.pricing.PricingClient;

import dev.spotter.catalog.CatalogCache;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryResponse;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LiveCatalogTest {
    private final Catalog shipped = CatalogCsv.loadDefault();
    private final InMemoryCatalogCache cache = new InMemoryCatalogCache();
    private final Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** A client of the given interface whose every call fails as an unreachable endpoint does. */
    @SuppressWarnings("unchecked")
    private static <T> T unreachable(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (method.getName().endsWith("Paginator")) {
                return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
            }
            throw SdkClientException.create("Unable to execute HTTP request: connection refused");
        });
    }

    @Test
    void refresh_whenEc2CannotBeReached_returnsTheShippedCatalogAndCachesNothing() {
        LiveCatalog live = new LiveCatalog(unreachable(Ec2Client.class), unreachable(PricingClient.class), "us-east-1", shipped,
                cache, clock);

        Catalog catalog = live.refresh();

        assertThat(catalog).isSameAs(shipped);
        assertThat(cache.get("us-east-1")).isEmpty();
    }

    /** EC2 answering DescribeInstanceTypes with the sample bodies and DescribeSpotPriceHistory with {@code spot}. */
    private static Ec2Client describing(List<SpotPrice> spot) throws Exception {
        List<InstanceTypeInfo> types = InstanceTypeParserTest.sample();
        return (Ec2Client) Proxy.newProxyInstance(Ec2Client.class.getClassLoader(), new Class<?>[]{Ec2Client.class},
                (proxy, method, args) -> {
                    if (method.getName().endsWith("Paginator")) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (method.getName().equals("describeInstanceTypes") && args[0] instanceof DescribeInstanceTypesRequest) {
                        return DescribeInstanceTypesResponse.builder().instanceTypes(types).build();
                    }
                    if (method.getName().equals("describeSpotPriceHistory") && args[0] instanceof DescribeSpotPriceHistoryRequest) {
                        return DescribeSpotPriceHistoryResponse.builder().spotPriceHistory(spot).build();
                    }
                    throw SdkClientException.create("Unable to execute HTTP request: connection refused");
                });
    }

    @Test
    void refresh_cachesTheLiveSpotPricesWithTheCatalog() throws Exception {
        SpotPrice m5 = SpotPrice.builder().instanceType("m5.large").availabilityZone("us-east-1b").spotPrice("0.0412")
                .productDescription("Linux/UNIX").timestamp(clock.instant()).build();
        LiveCatalog live = new LiveCatalog(describing(List.of(m5)), unreachable(PricingClient.class), "us-east-1", shipped,
                cache, clock);

        live.refresh();

        CatalogCache.CachedCatalog cached = cache.get("us-east-1").orElseThrow();
        assertThat(cached.specs()).isNotEmpty();
        assertThat(cached.spotPrices()).isEqualTo(Map.of("m5.large", Map.of("us-east-1b", 0.0412)));
    }

    @Test
    void spotPrices_whenEc2CannotBeReached_estimatesFromTheShippedCatalog() {
        LiveCatalog live = new LiveCatalog(unreachable(Ec2Client.class), unreachable(PricingClient.class), "us-east-1", shipped,
                cache, clock);

        double estimate = shipped.find("m5.large").orElseThrow().estimatedSpotPrice();

        assertThat(live.spotPrices().spotPrice("m5.large", "us-east-1a")).hasValue(estimate);
    }
}
