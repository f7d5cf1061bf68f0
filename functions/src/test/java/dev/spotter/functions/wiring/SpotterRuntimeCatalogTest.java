package dev.spotter.functions.wiring;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceSpec;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.functions.runtime.Environment;
import dev.spotter.testing.MutableClock;
import dev.spotter.testing.Orchestration;
import dev.spotter.inmemory.InMemoryCatalogCache;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which catalog the functions plan with: the shipped one, or the region's live one from the cache. */
class SpotterRuntimeCatalogTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Map<String, String> LIVE = Map.of("SPOTTER_LIVE_CATALOG", "true", "AWS_REGION", "eu-west-1");
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
    void instanceTypes_whenLiveSpotPricesAreCached_pricesEachSpotOfferingWithItsOwnElseTheEstimate() {
        InstanceSpec m7i = inIreland(0.11);
        cache.put("eu-west-1", List.of(m7i), Map.of("m7i.large", Map.of("eu-west-1a", 0.0123)), NOW.minusSeconds(60));

        List<Offering> spot = liveTypes(runtime(LIVE)).get(0).offerings().stream()
                .filter(offering -> offering.capacityType() == CapacityType.SPOT).toList();

        assertThat(spot).filteredOn(offering -> offering.zone().equals("eu-west-1a"))
                .extracting(Offering::pricePerHour).containsExactly(0.0123);
        assertThat(spot).filteredOn(offering -> offering.zone().equals("eu-west-1b"))
                .extracting(Offering::pricePerHour).containsExactly(m7i.estimatedSpotPrice());
    }

    @Test
    void instanceTypes_whenTheTickCachesANewerCatalog_aWarmContainerPlansWithItWithinAMinute() {
        MutableClock clock = new MutableClock(NOW);
        cache.put("eu-west-1", List.of(inIreland(0.11)), NOW.minusSeconds(60));
        SpotterRuntime warm = SpotterRuntime.builder(new Environment(LIVE)).clock(clock).catalogCache(cache).build();
        assertThat(onDemandPrice(warm)).isEqualTo(0.11);

        cache.put("eu-west-1", List.of(inIreland(0.25)), NOW);
        clock.advance(Duration.ofSeconds(30));
        cache.clearCalls();
        assertThat(onDemandPrice(warm)).as("within the minute: the catalog read before, and no read").isEqualTo(0.11);
        assertThat(cache.calls()).isEmpty();

        clock.advance(Duration.ofSeconds(31));
        assertThat(onDemandPrice(warm)).isEqualTo(0.25);

        clock.advance(Duration.ofMinutes(5));
        cache.clearCalls();
        assertThat(onDemandPrice(warm)).isEqualTo(0.25);
        assertThat(cache.calls()).as("an unchanged catalog is checked, not read again")
                .noneMatch(call -> call.contains("get"));
    }

    private static double onDemandPrice(SpotterRuntime runtime) {
        return liveTypes(runtime).get(0).offerings().stream()
                .filter(offering -> offering.capacityType() == CapacityType.ON_DEMAND)
                .mapToDouble(Offering::pricePerHour).findFirst().orElseThrow();
    }

    private static List<InstanceType> liveTypes(SpotterRuntime runtime) {
        return runtime.instanceTypes().forNodeClass(Orchestration.config("demo").nodeClasses().get(0), Set.of());
    }

    private static InstanceSpec inIreland(double onDemand) {
        InstanceSpec m7i = CatalogCsv.loadDefault().find("m7i.large").orElseThrow();
        return new InstanceSpec(m7i.name(), m7i.family(), true, m7i.arch(), m7i.vcpu(), m7i.memoryMib(), 0,
                "", "", 0, "", "", 0, m7i.maxEnis(), m7i.ipv4PerEni(), m7i.maxPodsEni(), 0, onDemand, 60,
                List.of("eu-west-1a", "eu-west-1b"), "nitro", false, false, true, "Intel");
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
