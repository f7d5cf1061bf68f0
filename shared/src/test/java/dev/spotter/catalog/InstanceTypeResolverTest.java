package dev.spotter.catalog;

import dev.spotter.config.BlockDeviceMapping;
import dev.spotter.config.KubeletConfiguration;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.spotter.model.WellKnownLabels.*;
import static org.assertj.core.api.Assertions.assertThat;

class InstanceTypeResolverTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private final Catalog catalog = CatalogCsv.loadDefault();
    private final InstanceTypeResolver resolver = InstanceTypeResolver.estimated(catalog);

    private InstanceType resolve(String name) {
        return resolve(name, NodeClasses.al2023());
    }

    private InstanceType resolve(String name, dev.spotter.config.NodeClass nodeClass) {
        return resolver.resolve(catalog.region(), catalog.find(name).orElseThrow(), nodeClass, Set.of()).orElseThrow();
    }

    private static String label(InstanceType type, String key) {
        Requirement requirement = type.requirements().get(key).orElseThrow(() -> new AssertionError("no requirement on " + key));
        assertThat(requirement.operator()).as(key).isEqualTo(Operator.IN);
        assertThat(requirement.values()).as(key).hasSize(1);
        return requirement.values().iterator().next();
    }

    private static void assertAbsent(InstanceType type, String key) {
        assertThat(type.requirements().get(key)).as(key).hasValueSatisfying(r -> assertThat(r.operator()).isEqualTo(Operator.DOES_NOT_EXIST));
    }

    @Test
    void resolve_whenM7iLarge_gets29EniLimitedPods() {
        // max ENIs 3, 10 IPv4 per ENI: 3 * (10 - 1) + 2 = 29
        assertThat(resolve("m7i.large").capacity().get(Resources.PODS)).isEqualTo(29);
    }

    @Test
    void resolve_whenP5_48xlarge_gets100Pods() {
        // p5.48xlarge's default network card: 2 ENIs of 50 addresses: 2 * 49 + 2 = 100
        assertThat(resolve("p5.48xlarge").capacity().get(Resources.PODS)).isEqualTo(100);
    }

    @Test
    void resolve_whenM7iLargeOnAl2023_computesKarpentersAllocatable() {
        InstanceType m7i = resolve("m7i.large");

        // capacity: 2 vCPU = 2000m; memory 8192 MiB - ceil(8192 * 0.075 = 614.4) = 8192 - 615 = 7577 MiB;
        // ephemeral-storage: AL2023's /dev/xvda default of 20Gi
        assertThat(m7i.capacity().cpuMillis()).isEqualTo(2000);
        assertThat(m7i.capacity().memoryBytes()).isEqualTo(7577 * MIB);
        assertThat(m7i.capacity().get(Resources.EPHEMERAL_STORAGE)).isEqualTo(20 * GIB);
        // kube-reserved cpu: 6% of the first 1000m (60) + 1% of the second (10) + 0.5% of 0m beyond 2000 = 70m
        assertThat(m7i.allocatable().cpuMillis()).isEqualTo(2000 - 70);
        // kube-reserved memory 11 * 29 pods + 255 = 574 MiB, eviction memory.available 100 MiB: 7577 - 574 - 100 = 6903
        assertThat(m7i.allocatable().memoryBytes()).isEqualTo(6903 * MIB);
        // ephemeral: 20Gi - 1Gi kube-reserved - 10% nodefs.available (2Gi) = 17Gi
        assertThat(m7i.allocatable().get(Resources.EPHEMERAL_STORAGE)).isEqualTo(17 * GIB);
        assertThat(m7i.allocatable().get(Resources.PODS)).isEqualTo(29);
    }

    @Test
    void resolve_whenLargeType_appliesEveryCpuTier() {
        // 96 vCPU: 60 + 10 + 2000m * 0.5% (10) + 92000m * 0.25% (230) = 310m
        InstanceType c7i = resolve("c7i.24xlarge");
        assertThat(c7i.capacity().cpuMillis() - c7i.allocatable().cpuMillis()).isEqualTo(310);
    }

    @Test
    void resolve_whenKubeletMaxPods_usesItButKeepsEniLimitedMemoryOverhead() {
        InstanceType m7i = resolve("m7i.large", NodeClasses.al2023(NodeClasses.kubelet(110, 0)));

        assertThat(m7i.capacity().get(Resources.PODS)).isEqualTo(110);
        // AL2023 uses ENI-limited memory overhead: still 11 * 29 + 255 = 574 MiB
        assertThat(m7i.allocatable().memoryBytes()).isEqualTo((7577 - 574 - 100) * MIB);
    }

    @Test
    void resolve_whenPodsPerCore_capsPodsAtPodsPerCoreTimesVcpu() {
        assertThat(resolve("m7i.large", NodeClasses.al2023(NodeClasses.kubelet(0, 10))).capacity().get(Resources.PODS))
                .isEqualTo(20);
        // the smaller of maxPods and podsPerCore * vCPU wins
        assertThat(resolve("m7i.large", NodeClasses.al2023(NodeClasses.kubelet(15, 10))).capacity().get(Resources.PODS))
                .isEqualTo(15);
    }

    @Test
    void resolve_whenBottlerocket_ignoresPodsPerCoreAndUsesItsDataVolume() {
        var bottlerocket = NodeClasses.of("Bottlerocket", NodeClasses.kubelet(0, 10), List.of(), "");
        InstanceType m7i = resolve("m7i.large", bottlerocket);

        assertThat(m7i.capacity().get(Resources.PODS)).isEqualTo(29);
        assertThat(m7i.capacity().get(Resources.EPHEMERAL_STORAGE)).isEqualTo(20 * GIB);
    }

    @Test
    void resolve_whenRootVolumeMapping_usesItsSizeForEphemeralStorage() {
        var mapping = new BlockDeviceMapping("/dev/xvda", true, 100 * GIB, "gp3", 3000, 125, true, "", true, "");
        InstanceType m7i = resolve("m7i.large", NodeClasses.of("AL2023", KubeletConfiguration.DEFAULT, List.of(mapping), ""));

        assertThat(m7i.capacity().get(Resources.EPHEMERAL_STORAGE)).isEqualTo(100 * GIB);
        // 100Gi - 1Gi - 10Gi
        assertThat(m7i.allocatable().get(Resources.EPHEMERAL_STORAGE)).isEqualTo(89 * GIB);
    }

    @Test
    void resolve_whenInstanceStoreRaid0_usesLocalDisks() {
        // g5.xlarge has 250 GB of NVMe instance store
        InstanceType g5 = resolve("g5.xlarge", NodeClasses.of("AL2023", KubeletConfiguration.DEFAULT, List.of(), "RAID0"));
        assertThat(g5.capacity().get(Resources.EPHEMERAL_STORAGE)).isEqualTo(250_000_000_000L);
    }

    @Test
    void resolve_whenReservedAndEvictionOverrides_theyReplaceTheDefaults() {
        var kubelet = new KubeletConfiguration(0, 0, Map.of("memory", "500Mi", "cpu", "100m"), Map.of("cpu", "200m"),
                Map.of("memory.available", "5%", "nodefs.available", "100%"), Map.of("memory.available", "50%"), List.of(),
                null, null, null);
        InstanceType m7i = resolve("m7i.large", NodeClasses.al2023(kubelet));

        // cpu: 2000 - 200 (kube-reserved override) - 100 (system-reserved) = 1700
        assertThat(m7i.allocatable().cpuMillis()).isEqualTo(1700);
        // memory: eviction 5% of 7577 MiB = ceil(396,612,403.2) bytes; evictionSoft does not count
        long capacity = 7577 * MIB;
        long eviction = (long) Math.ceil(capacity / 100.0 * 5);
        assertThat(m7i.allocatable().memoryBytes()).isEqualTo(capacity - 574 * MIB - 500 * MIB - eviction);
        // nodefs.available 100% disables the threshold: 20Gi - 1Gi
        assertThat(m7i.allocatable().get(Resources.EPHEMERAL_STORAGE)).isEqualTo(19 * GIB);
    }

    @Test
    void resolve_whenG5Xlarge_setsGpuLabelsAndResource() {
        InstanceType g5 = resolve("g5.xlarge");

        assertThat(label(g5, INSTANCE_GPU_NAME)).isEqualTo("a10g");
        assertThat(label(g5, INSTANCE_GPU_MANUFACTURER)).isEqualTo("nvidia");
        assertThat(label(g5, INSTANCE_GPU_COUNT)).isEqualTo("1");
        assertThat(label(g5, INSTANCE_GPU_MEMORY)).isEqualTo("22888");
        assertThat(label(g5, INSTANCE_CATEGORY)).isEqualTo("g");
        assertThat(label(g5, INSTANCE_FAMILY)).isEqualTo("g5");
        assertThat(label(g5, INSTANCE_GENERATION)).isEqualTo("5");
        assertThat(label(g5, INSTANCE_SIZE)).isEqualTo("xlarge");
        assertThat(label(g5, INSTANCE_CPU)).isEqualTo("4");
        assertThat(label(g5, INSTANCE_CPU_MANUFACTURER)).isEqualTo("amd");
        assertThat(label(g5, INSTANCE_MEMORY)).isEqualTo("16384");
        assertThat(label(g5, INSTANCE_LOCAL_NVME)).isEqualTo("250");
        assertThat(label(g5, INSTANCE_HYPERVISOR)).isEqualTo("nitro");
        assertThat(label(g5, ARCH)).isEqualTo("amd64");
        assertThat(label(g5, OS)).isEqualTo("linux");
        assertThat(label(g5, REGION)).isEqualTo("us-east-1");
        assertAbsent(g5, INSTANCE_ACCELERATOR_NAME);
        assertThat(g5.capacity().get(Resources.NVIDIA_GPU)).isEqualTo(1);
        assertThat(g5.allocatable().get(Resources.NVIDIA_GPU)).isEqualTo(1);
    }

    @Test
    void resolve_whenM7gLarge_isArm64WithGravitonMemory() {
        InstanceType m7g = resolve("m7g.large");

        assertThat(label(m7g, ARCH)).isEqualTo("arm64");
        assertThat(label(m7g, INSTANCE_CPU_MANUFACTURER)).isEqualTo("aws");
        assertAbsent(m7g, INSTANCE_GPU_NAME);
        assertAbsent(m7g, INSTANCE_GPU_COUNT);
        assertAbsent(m7g, INSTANCE_LOCAL_NVME);
        // 8192 - 64 MiB CMA = 8128; VM overhead ceil(8128 * 0.075 = 609.6) = 610; 8128 - 610 = 7518 MiB
        assertThat(m7g.capacity().memoryBytes()).isEqualTo(7518 * MIB);
    }

    @Test
    void resolve_whenInferentia2_setsNeuronLabelsAndResources() {
        InstanceType inf2 = resolve("inf2.xlarge");

        assertThat(label(inf2, INSTANCE_ACCELERATOR_NAME)).isEqualTo("inferentia2");
        assertThat(label(inf2, INSTANCE_ACCELERATOR_MANUFACTURER)).isEqualTo("aws");
        assertThat(label(inf2, INSTANCE_ACCELERATOR_COUNT)).isEqualTo("1");
        assertThat(inf2.capacity().get(Resources.NEURON)).isEqualTo(1);
        assertThat(inf2.capacity().get(Resources.NEURON_CORE)).isEqualTo(2);
    }

    @Test
    void resolve_whenFpgaOrMediaAccelerator_setsNoAcceleratorLabel() {
        assertAbsent(resolve("f2.6xlarge"), INSTANCE_ACCELERATOR_NAME);
        assertAbsent(resolve("vt1.3xlarge"), INSTANCE_ACCELERATOR_NAME);
    }

    @Test
    void resolve_whenHighMemoryOrTrainium_parsesCategoryAndGeneration() {
        InstanceType u = resolve("u-6tb1.112xlarge");
        assertThat(label(u, INSTANCE_CATEGORY)).isEqualTo("u");
        assertThat(label(u, INSTANCE_GENERATION)).isEqualTo("1");
        assertThat(label(u, INSTANCE_FAMILY)).isEqualTo("u-6tb1");
        InstanceType trn1 = resolve("trn1.2xlarge");
        assertThat(label(trn1, INSTANCE_CATEGORY)).isEqualTo("trn");
        assertThat(label(trn1, INSTANCE_GENERATION)).isEqualTo("1");
        assertThat(label(resolve("m7i.large"), INSTANCE_CATEGORY)).isEqualTo("m");
        assertThat(label(resolve("m7i.large"), INSTANCE_GENERATION)).isEqualTo("7");
    }

    @Test
    void resolve_whenFlexType_setsCapabilityFlexAndDefaultTenancy() {
        assertThat(label(resolve("m7i-flex.large"), InstanceTypeResolver.INSTANCE_CAPABILITY_FLEX)).isEqualTo("true");
        assertThat(label(resolve("m7i.large"), InstanceTypeResolver.INSTANCE_CAPABILITY_FLEX)).isEqualTo("false");
        assertThat(label(resolve("m7i.large"), InstanceTypeResolver.INSTANCE_TENANCY)).isEqualTo("default");
        assertAbsent(resolve("m7i.large"), InstanceTypeResolver.INSTANCE_NETWORK_BANDWIDTH);
    }

    @Test
    void resolve_whenBareMetal_hasNoHypervisorLabel() {
        assertAbsent(resolve("c7i.metal-24xl"), INSTANCE_HYPERVISOR);
    }

    @Test
    void resolve_whenMac_isLeftOut() {
        List<InstanceType> types = resolver.resolve(catalog, NodeClasses.al2023(), Set.of());

        assertThat(types).extracting(InstanceType::name).doesNotContain("mac1.metal", "mac2.metal").contains("m7i.large");
        assertThat(types).allSatisfy(t -> assertThat(t.spec().arch()).doesNotEndWith("_mac"));
    }

    @Test
    void resolve_whenSpotAndOnDemand_offersEachZoneAndCapacityTypeAtItsPrice() {
        InstanceType m7i = resolve("m7i.large");

        assertThat(m7i.offerings()).hasSize(10).allMatch(Offering::available);
        assertThat(m7i.offerings()).filteredOn(o -> o.capacityType() == CapacityType.ON_DEMAND)
                .allSatisfy(o -> assertThat(o.pricePerHour()).isEqualTo(0.1008));
        assertThat(m7i.offerings()).filteredOn(o -> o.capacityType() == CapacityType.SPOT)
                .allSatisfy(o -> assertThat(o.pricePerHour()).isCloseTo(0.039312, org.assertj.core.api.Assertions.within(1e-9)));
        assertThat(m7i.requirements().get(CAPACITY_TYPE).orElseThrow().values()).containsExactlyInAnyOrder("spot", "on-demand");
        assertThat(m7i.requirements().get(ZONE).orElseThrow().values())
                .containsExactlyInAnyOrder("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f");
    }

    @Test
    void resolve_whenNoSpotPrice_offersOnDemandOnly() {
        InstanceType u = resolve("u-6tb1.112xlarge");

        assertThat(u.offerings()).extracting(Offering::capacityType).containsOnly(CapacityType.ON_DEMAND);
        assertThat(u.requirements().get(CAPACITY_TYPE).orElseThrow().values()).containsExactly("on-demand");
    }

    @Test
    void resolve_whenOfferingUnavailable_marksItButKeepsTheLabels() {
        Set<OfferingKey> unavailable = Set.of(new OfferingKey(CapacityType.SPOT, "m7i.large", "us-east-1a"));
        InstanceType m7i = resolver.resolve("us-east-1", catalog.find("m7i.large").orElseThrow(), NodeClasses.al2023(), unavailable)
                .orElseThrow();

        assertThat(m7i.offerings()).filteredOn(o -> !o.available())
                .singleElement().satisfies(o -> {
                    assertThat(o.zone()).isEqualTo("us-east-1a");
                    assertThat(o.capacityType()).isEqualTo(CapacityType.SPOT);
                });
        assertThat(m7i.requirements().get(ZONE).orElseThrow().has("us-east-1a")).isTrue();
    }

    @Test
    void resolve_whenZonesRestricted_offersOnlyThoseZones() {
        InstanceTypeResolver restricted = InstanceTypeResolver.builder()
                .spotPrices(SpotPrices.estimatedFrom(catalog)).zones(Set.of("us-east-1a", "us-east-1e")).build();
        InstanceType m7i = restricted.resolve("us-east-1", catalog.find("m7i.large").orElseThrow(), NodeClasses.al2023(), Set.of())
                .orElseThrow();

        assertThat(m7i.offerings()).extracting(Offering::zone).containsOnly("us-east-1a");
        assertThat(m7i.requirements().get(ZONE).orElseThrow().values()).containsExactly("us-east-1a");
    }

    @Test
    void resolve_whenNoPriceAtAll_leavesTheTypeOut() {
        InstanceSpec unpriced = new InstanceSpec("x9.large", "x9", true, "x86_64", 2, 8192, 0, "", "", 0, "", "", 0, 3, 10, 29, 0,
                Double.NaN, 0, List.of("us-east-1a"), "nitro", false, false, true, "Intel");

        assertThat(resolver.resolve("us-east-1", unpriced, NodeClasses.al2023(), Set.of())).isEmpty();
    }

    @Test
    void resolve_whenPodAsksForGpuName_nonGpuTypeDoesNotMatch() {
        Requirements pod = Requirements.of(Requirement.in(INSTANCE_GPU_NAME, "a10g"));

        assertThat(resolve("m7i.large").requirements().intersects(pod)).isFalse();
        assertThat(resolve("g5.xlarge").requirements().intersects(pod)).isTrue();
    }

    @Test
    void resolve_whenWholeCatalog_everyTypeHasPositiveAllocatable() {
        List<InstanceType> types = resolver.resolve(catalog, NodeClasses.al2023(), Set.of());

        assertThat(types).hasSizeGreaterThan(1300);
        assertThat(types).allSatisfy(t -> {
            assertThat(t.allocatable().cpuMillis()).as(t.name()).isPositive();
            assertThat(t.allocatable().memoryBytes()).as(t.name()).isPositive();
            assertThat(t.allocatable().get(Resources.PODS)).as(t.name()).isPositive();
        });
    }
}
