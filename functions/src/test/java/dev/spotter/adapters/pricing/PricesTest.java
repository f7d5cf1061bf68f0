package dev.spotter.adapters.pricing;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PricesTest {
    private static final String PRICE_LIST = """
            {"product":{"productFamily":"Compute Instance","attributes":{"instanceType":"m5.large","regionCode":"us-east-1",
             "operatingSystem":"Linux","tenancy":"Shared","preInstalledSw":"NA","capacitystatus":"Used"},"sku":"ABC"},
             "serviceCode":"AmazonEC2",
             "terms":{"OnDemand":{"ABC.JRTCKXETXF":{"priceDimensions":{"ABC.JRTCKXETXF.6YS6EN2CT7":{"unit":"Hrs",
             "endRange":"Inf","description":"$0.096 per On Demand Linux m5.large Instance Hour","appliesTo":[],
             "rateCode":"ABC.JRTCKXETXF.6YS6EN2CT7","beginRange":"0","pricePerUnit":{"USD":"0.0960000000"}}},
             "sku":"ABC","effectiveDate":"2025-01-01T00:00:00Z","offerTermCode":"JRTCKXETXF","termAttributes":{}}}},
             "version":"20250101","publicationDate":"2025-01-01T00:00:00Z"}
            """;

    @Test
    void parse_whenDocumentIsAnInstancesOnDemandPrice_readsTypeAndHourlyUsd() {
        assertThat(OnDemandPrices.parse(PRICE_LIST)).contains(new OnDemandPrices.Price("m5.large", 0.096));
    }

    @Test
    void parse_whenDocumentIsNotUnderstood_isEmpty() {
        assertThat(OnDemandPrices.parse("{not json")).isEmpty();
        assertThat(OnDemandPrices.parse("{\"product\":{\"attributes\":{}}}")).isEmpty();
        assertThat(OnDemandPrices.parse(PRICE_LIST.replace("0.0960000000", "0.0000000000"))).isEmpty();
    }

    @Test
    void liveSpotPrices_keepTheLatestLinuxPricePerTypeAndZone() {
        LiveSpotPrices prices = LiveSpotPrices.from(List.of(
                price("m5.large", "us-east-1a", "0.0400", "Linux/UNIX", "2025-01-01T00:00:00Z"),
                price("m5.large", "us-east-1a", "0.0420", "Linux/UNIX", "2025-01-01T01:00:00Z"),
                price("m5.large", "us-east-1b", "0.0390", "Linux/UNIX (Amazon VPC)", "2025-01-01T00:00:00Z"),
                price("m5.large", "us-east-1c", "0.3000", "Windows", "2025-01-01T02:00:00Z"),
                price("m5.large", "us-east-1d", "n/a", "Linux/UNIX", "2025-01-01T02:00:00Z")));

        assertThat(prices.spotPrice("m5.large", "us-east-1a")).hasValue(0.042);
        assertThat(prices.spotPrice("m5.large", "us-east-1b")).hasValue(0.039);
        assertThat(prices.spotPrice("m5.large", "us-east-1c")).isEmpty();
        assertThat(prices.spotPrice("m5.large", "us-east-1d")).isEmpty();
        assertThat(prices.size()).isEqualTo(2);
    }

    private static SpotPrice price(String type, String zone, String usd, String description, String at) {
        return SpotPrice.builder().instanceType(type).availabilityZone(zone).spotPrice(usd).productDescription(description)
                .timestamp(Instant.parse(at)).build();
    }
}
