package dev.spotter.testing.contracts;

import dev.spotter.catalog.CatalogCache;
import dev.spotter.catalog.CatalogCache.CachedCatalog;
import dev.spotter.catalog.InstanceSpec;
import dev.spotter.testing.TestAws;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** What every CatalogCache must do; run against DynamoDB and the in-memory fake. */
public abstract class CatalogCacheContract {
    protected static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    // InstanceSpec is a record: equals compares doubles with Double.compare, so unknown (NaN) prices match.

    /** A region name no other test uses, so implementations may share one table. */
    protected final String region = TestAws.uniqueName("us-test-1");

    protected abstract CatalogCache cache();

    /**
     * {@code count} plausible, distinct instance specs: families × sizes, GPUs and accelerators on some, unknown
     * prices (NaN) on some, as a region's full catalog looks (about 900 types).
     */
    public static List<InstanceSpec> syntheticCatalog(int count, long seed) {
        Random random = new Random(seed);
        String[] sizes = {"medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "metal"};
        List<InstanceSpec> specs = new ArrayList<>();
        for (int i = 0; specs.size() < count; i++) {
            String family = "f" + (i / sizes.length) + (i % 3 == 0 ? "g" : i % 3 == 1 ? "i" : "a");
            String size = sizes[i % sizes.length];
            int vcpu = 1 << Math.min(i % sizes.length, 7);
            boolean gpu = i % 17 == 0;
            boolean accelerator = i % 29 == 0;
            double onDemand = i % 13 == 0 ? Double.NaN : Math.round(vcpu * 0.048 * (1 + random.nextDouble()) * 10000) / 10000.0;
            specs.add(new InstanceSpec(family + "." + size, family, i % 11 != 0, i % 3 == 0 ? "arm64" : "amd64",
                    vcpu, vcpu * 4096L, gpu ? 1 + i % 8 : 0, gpu ? "a10g" : null, gpu ? "nvidia" : null,
                    gpu ? 24576L : 0, accelerator ? "inferentia2" : null, accelerator ? "aws" : null, accelerator ? 1 : 0,
                    2 + i % 14, 10 + i % 40, 29 + i % 700, i % 5 == 0 ? 75L * vcpu : 0, onDemand,
                    i % 7 == 0 ? 0 : random.nextInt(90), List.of("us-east-1a", "us-east-1b", "us-east-1c").subList(0, 1 + i % 3),
                    size.equals("metal") ? "" : "nitro", size.equals("metal"), family.startsWith("f1"), i % 19 != 0,
                    i % 3 == 0 ? "aws" : "intel"));
        }
        return specs;
    }

    @Test
    void get_whenNothingStored_returnsEmpty() {
        assertThat(cache().get(region)).isEmpty();
    }

    @Test
    void get_whenFullCatalogStored_returnsEverySpec() {
        List<InstanceSpec> specs = syntheticCatalog(900, 42);

        cache().put(region, specs, T0);

        CachedCatalog cached = cache().get(region).orElseThrow();
        assertThat(cached.region()).isEqualTo(region);
        assertThat(cached.fetchedAt()).isEqualTo(T0);
        assertThat(cached.specs()).hasSize(900);
        assertThat(cached.specs()).containsExactlyElementsOf(specs);
    }

    @Test
    void put_whenStoredAgain_replacesCatalog() {
        cache().put(region, syntheticCatalog(10, 1), T0);
        List<InstanceSpec> newer = syntheticCatalog(20, 2);

        cache().put(region, newer, T0.plusSeconds(3600));

        CachedCatalog cached = cache().get(region).orElseThrow();
        assertThat(cached.fetchedAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(cached.specs()).containsExactlyElementsOf(newer);
    }

    @Test
    void get_whenAnotherRegionStored_returnsEmpty() {
        cache().put(region, syntheticCatalog(5, 3), T0);

        assertThat(cache().get(region + "-other")).isEmpty();
    }

    @Test
    void put_withSpotPrices_keepsThemWithTheCatalogAndItsFetchTime() {
        Map<String, Map<String, Double>> spot = Map.of("f0g.medium", Map.of("us-east-1a", 0.0123, "us-east-1b", 0.0131),
                "f0i.large", Map.of("us-east-1c", 0.05));

        cache().put(region, syntheticCatalog(5, 4), spot, T0);

        assertThat(cache().get(region).orElseThrow().spotPrices()).isEqualTo(spot);
        assertThat(cache().fetchedAt(region)).contains(T0);
        assertThat(cache().fetchedAt(region + "-other")).isEmpty();
    }
}
