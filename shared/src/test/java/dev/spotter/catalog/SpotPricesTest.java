package dev.spotter.catalog;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SpotPricesTest {
    private final Catalog catalog = CatalogCsv.loadDefault();

    @Test
    void estimatedFrom_whenAdvisorSavingKnown_isOnDemandLessSaving() {
        // m7i.large: on-demand 0.1008 USD/h, Spot Advisor saving 61% -> 0.1008 * 0.39 = 0.039312
        assertThat(SpotPrices.estimatedFrom(catalog).spotPrice("m7i.large", "us-east-1a").getAsDouble())
                .isCloseTo(0.039312, within(1e-9));
        assertThat(catalog.find("m7i.large").orElseThrow().estimatedSpotPrice()).isCloseTo(0.039312, within(1e-9));
    }

    @Test
    void estimatedFrom_whenNoAdvisorData_isEmpty() {
        // u-6tb1.112xlarge has an on-demand price but no Spot Advisor row and no spot support
        assertThat(SpotPrices.estimatedFrom(catalog).spotPrice("u-6tb1.112xlarge", "us-east-1a")).isEmpty();
        assertThat(SpotPrices.estimatedFrom(catalog).spotPrice("no-such.type", "us-east-1a")).isEmpty();
    }

    @Test
    void orElse_whenLivePriceMissing_fallsBackToEstimate() {
        SpotPrices live = SpotPrices.of(Map.of("m7i.large", Map.of("us-east-1a", 0.03)));
        SpotPrices prices = live.orElse(SpotPrices.estimatedFrom(catalog));

        assertThat(prices.spotPrice("m7i.large", "us-east-1a").getAsDouble()).isEqualTo(0.03);
        assertThat(prices.spotPrice("m7i.large", "us-east-1b").getAsDouble()).isCloseTo(0.039312, within(1e-9));
    }
}
