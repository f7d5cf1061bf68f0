package dev.spotter.scheduling;

import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.InstanceTypeResolver;
import dev.spotter.cluster.Pod;
import dev.spotter.model.Requirement;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class UsableTypesTest {
    private static final Catalog CATALOG = CatalogCsv.loadDefault();
    private static final List<InstanceType> TYPES = InstanceTypeResolver.estimated(CATALOG).resolve(CATALOG, Fixtures.nodeClass(), Set.of());

    @Test
    void byPod_whenCpuOnlyPodOnWholeCatalog_isEveryOfferedTypeExceptGpuAcceleratorAndMetal() {
        Pod cpu = Fixtures.pod("cpu", 100, 0).build();

        Set<String> usable = typeNames(UsableTypes.byPod(Fixtures.input(List.of(cpu), TYPES,
                Fixtures.pool("default", Fixtures.spotAndOnDemand())).build()).get("default/cpu"));

        Set<String> expected = TYPES.stream().filter(UsableTypesTest::offered)
                .filter(t -> !t.spec().hasGpu() && !t.spec().hasAccelerator() && !t.spec().bareMetal())
                .map(InstanceType::name).collect(Collectors.toSet());
        assertThat(expected).contains("m5.large").doesNotContain("g4dn.xlarge", "m5.metal");
        assertThat(usable).isEqualTo(expected);
    }

    @Test
    void byPod_whenGpuPod_isOnlyTypesWithEnoughGpus() {
        Pod gpu = Fixtures.pod("gpu", 100, 0).requests(Resources.builder().cpuMillis(100).set(Resources.NVIDIA_GPU, 4).build()).build();

        Set<String> usable = typeNames(UsableTypes.byPod(Fixtures.input(List.of(gpu), TYPES,
                Fixtures.pool("default", Fixtures.spotAndOnDemand())).build()).get("default/gpu"));

        assertThat(usable).isNotEmpty().allSatisfy(name -> assertThat(CATALOG.find(name).orElseThrow().gpuCount()).isGreaterThanOrEqualTo(4));
    }

    @Test
    void byPod_whenNodePoolRequiresGpuFamily_letsCpuOnlyPodUseGpuTypes() {
        Pod cpu = Fixtures.pod("cpu", 100, 0).build();

        Set<String> usable = typeNames(UsableTypes.byPod(Fixtures.input(List.of(cpu), TYPES, Fixtures.pool("gpu", Fixtures.spotAndOnDemand(),
                Requirement.in(WellKnownLabels.INSTANCE_FAMILY, "g4dn", "g5"))).build()).get("default/cpu"));

        assertThat(usable).contains("g4dn.xlarge").allSatisfy(name -> assertThat(CATALOG.find(name).orElseThrow().hasGpu()).isTrue());
    }

    @Test
    void byPod_whenPlanned_everyClaimCandidateIsInThePodsSet() {
        List<Pod> pods = List.of(Fixtures.pod("cpu", 1500, 2).build(),
                Fixtures.pod("gpu", 1000, 4).requests(Resources.builder().cpuMillis(1000).set(Resources.NVIDIA_GPU, 1).build()).build());
        SchedulingInput input = Fixtures.input(pods, TYPES, Fixtures.pool("default", Fixtures.spotAndOnDemand())).build();

        var usable = UsableTypes.byPod(input);
        Plan plan = Scheduler.create().plan(input);

        assertThat(plan.nodeClaims()).hasSize(2);
        for (PlannedNodeClaim claim : plan.nodeClaims()) {
            for (String pod : claim.pods()) {
                assertThat(typeNames(usable.get(pod))).containsAll(claim.instanceTypes());
            }
        }
    }

    private static boolean offered(InstanceType type) {
        return type.offerings().stream().anyMatch(o -> o.available() && !Double.isNaN(o.pricePerHour()));
    }

    private static Set<String> typeNames(Set<UsableTypes.PoolType> usable) {
        return usable.stream().map(UsableTypes.PoolType::instanceType).collect(Collectors.toSet());
    }
}
