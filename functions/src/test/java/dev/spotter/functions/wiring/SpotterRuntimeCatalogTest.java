package dev.spotter.functions.wiring;

import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceSpec;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.functions.runtime.Environment;
import dev.spotter.testing.MutableClock;
import dev.spotter.testing.Orchestration;
import dev.spotter.inmemory.InMemoryCatalogCache;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which catalog the functions plan with: the shipped one, or the region's live one from the cache. */
class SpotterRuntimeCatalogTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final InMemoryCatalogCache cache = new InMemoryCatalogCache();

    @Test
    void instanceTypes_whenLiveCatalogIsCachedForTheRegion_plansWithItsZones() {
        InstanceSpec m7i = CatalogCsv.loadDefault().find("m7i.large").orElseThrow();
        InstanceSpec inIreland = new InstanceSpec(m7i.name(), m7i.family(), true, m7i.arch(), m7i.vcpu(), m7i.memoryMib(), 0,
                "", "", 0, "", "", 0, m7i.maxEnis(), m7i.ipv4PerEni(), m7i.maxPodsEni(), 0, 0.11, 60,
                List.of("eu-west-1a", "eu-west-1b"), "nitro", false, false, true, "Intel");
        cache.put("eu-west-1", List.of(inIreland), NOW.minusSeconds(60));

        List<InstanceType> types = runtime(Map.of("SPOTTER_LIVE_CATALOG", "true", "AWS_REGION", "eu-west-1"))
                .instanceTypes().forNodeClass(Orchestration.config("demo").nodeClasses().get(0), Set.of());

        assertThat(types).extracting(InstanceType::name).containsExactly("m7i.large");
        assertThat(types.get(0).offerings()).extracting(Offering::zone).containsOnly("eu-west-1a", "eu-west-1b");
    }

    @Test
    void instanceTypes_whenNothingIsCached_fallsBackToTheShippedCatalog() {
        List<InstanceType> types = runtime(Map.of("SPOTTER_LIVE_CATALOG", "true", "AWS_REGION", "eu-west-1"))
                .instanceTypes().forNodeClass(Orchestration.config("demo").nodeClasses().get(0), Set.of());

        assertThat(types).hasSizeGreaterThan(500);
    }

    private SpotterRuntime runtime(Map<String, String> env) {
        return SpotterRuntime.builder(new Environment(env)).clock(new MutableClock(NOW)).catalogCache(cache).build();
    }
}
