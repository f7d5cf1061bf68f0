package dev.spotter.adapters.pricing;

import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceSpec;
import dev.spotter.catalog.SpotPrices;
import dev.spotter.adapters.aws.CallPolicy;
import dev.spotter.adapters.ec2.AwsClients;
import software.amazon.awssdk.services.pricing.PricingClient;
import dev.spotter.inmemory.InMemoryCatalogCache;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live catalog against a real EC2 API (moto's server in scripts/test-all.sh). moto serves instance types, their
 * zones and spot prices, but not the Pricing API, so on moto the on-demand prices come from the shipped catalog, which
 * is the fallback path; against a real account they come from Pricing.
 */
class LiveCatalogIT {

    @Test
    void refresh_readsEc2sInstanceTypesZonesAndPricesAndCachesThem() {
        InMemoryCatalogCache cache = new InMemoryCatalogCache();
        Catalog shipped = CatalogCsv.loadDefault();
        LiveCatalog live = new LiveCatalog(AwsClients.ec2(), CallPolicy.CATALOG.build(PricingClient.builder().region(LiveCatalog.PRICING_REGION)), "us-east-1", shipped, cache, Clock.systemUTC());

        Catalog catalog = live.refresh();

        assertThat(catalog).isNotSameAs(shipped);
        assertThat(catalog.size()).isGreaterThan(100);
        InstanceSpec m5 = catalog.find("m5.large").orElseThrow();
        assertThat(m5.vcpu()).isEqualTo(2);
        assertThat(m5.memoryMib()).isEqualTo(8192);
        assertThat(m5.maxPodsEni()).isEqualTo(29);
        assertThat(m5.zones()).isNotEmpty().allMatch(zone -> zone.startsWith("us-east-1"));
        assertThat(m5.onDemandPrice()).isGreaterThan(0);
        assertThat(m5.spotSavingsPercent()).isEqualTo(shipped.find("m5.large").orElseThrow().spotSavingsPercent());
        assertThat(catalog.find("g5.xlarge").orElseThrow().gpuManufacturer()).isEqualTo("NVIDIA");
        assertThat(cache.get("us-east-1")).hasValueSatisfying(cached -> assertThat(cached.specs()).hasSize(catalog.size()));
    }

    @Test
    void spotPrices_readsTheCurrentPriceOfATypeInAZoneItIsOfferedIn() {
        Catalog shipped = CatalogCsv.loadDefault();
        LiveCatalog live = new LiveCatalog(AwsClients.ec2(), CallPolicy.CATALOG.build(PricingClient.builder().region(LiveCatalog.PRICING_REGION)), "us-east-1", shipped, new InMemoryCatalogCache(),
                Clock.systemUTC());
        String zone = live.refresh().find("m5.large").orElseThrow().zones().get(0);

        SpotPrices prices = live.spotPrices();

        assertThat(prices.spotPrice("m5.large", zone)).isPresent();
        assertThat(prices.spotPrice("m5.large", zone).getAsDouble()).isPositive();
        assertThat(LiveSpotPrices.fetch(AwsClients.ec2(), java.time.Instant.now()).size()).isPositive();
    }
}
