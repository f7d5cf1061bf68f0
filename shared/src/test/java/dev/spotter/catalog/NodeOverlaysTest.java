package dev.spotter.catalog;

import dev.spotter.config.ConfigException;
import dev.spotter.config.ConfigLoader;
import dev.spotter.config.NodeOverlay;
import dev.spotter.model.Resources;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NodeOverlaysTest {
    private final Catalog catalog = CatalogCsv.loadDefault();

    private static List<NodeOverlay> overlays(String yaml) {
        return ConfigLoader.parse("overlays.yaml", yaml).nodeOverlays();
    }

    private static String overlay(String name, String annotations, String spec) {
        return """
                apiVersion: karpenter.sh/v1alpha1
                kind: NodeOverlay
                metadata:
                  name: %s
                %s
                spec:
                %s
                ---
                """.formatted(name, annotations.indent(2), spec.indent(2));
    }

    private InstanceType resolve(String type, List<NodeOverlay> overlays) {
        InstanceTypeResolver resolver = InstanceTypeResolver.estimated(catalog).toBuilder().overlays(overlays).build();
        return resolver.resolve(catalog.region(), catalog.find(type).orElseThrow(), NodeClasses.al2023(), Set.of()).orElseThrow();
    }

    private static double price(InstanceType type, CapacityType capacityType) {
        return type.offerings().stream().filter(o -> o.capacityType() == capacityType).findFirst().orElseThrow().pricePerHour();
    }

    @Test
    void apply_whenOverlayAddsCapacity_addsTheExtendedResourceToCapacityAndAllocatable() {
        List<NodeOverlay> list = overlays(overlay("slices", "", """
                requirements:
                  - {key: karpenter.k8s.aws/instance-gpu-name, operator: In, values: [a10g]}
                capacity:
                  nvidia.com/gpu.shared: "4"
                """));

        InstanceType g5 = resolve("g5.xlarge", list);
        InstanceType m5 = resolve("m5.large", list);

        assertThat(g5.capacity().get("nvidia.com/gpu.shared")).isEqualTo(4);
        assertThat(g5.allocatable().get("nvidia.com/gpu.shared")).isEqualTo(4);
        assertThat(m5.capacity().get("nvidia.com/gpu.shared")).isZero();
    }

    @Test
    void apply_whenPriceAdjustmentSelectsOnDemand_changesOnlyOnDemandPrices() {
        InstanceType plain = resolve("m5.large", List.of());
        InstanceType adjusted = resolve("m5.large", overlays(overlay("savings-plan", "", """
                requirements:
                  - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
                priceAdjustment: "-30%"
                """)));

        assertThat(price(adjusted, CapacityType.ON_DEMAND)).isCloseTo(price(plain, CapacityType.ON_DEMAND) * 0.7, within(1e-9));
        assertThat(price(adjusted, CapacityType.SPOT)).isEqualTo(price(plain, CapacityType.SPOT));
    }

    @Test
    void apply_whenTwoOverlaysSetThePrice_theHigherWeightWins() {
        List<NodeOverlay> list = overlays(overlay("a-low", "", """
                weight: 1
                price: "1.00"
                """) + overlay("b-high", "", """
                weight: 10
                price: "2.00"
                """));

        assertThat(price(resolve("m5.large", list), CapacityType.ON_DEMAND)).isEqualTo(2.00);
    }

    @Test
    void apply_whenWeightsAreEqual_theAlphabeticallyFirstWinsAndCapacitiesMerge() {
        List<NodeOverlay> list = overlays(overlay("zeta", "", """
                priceAdjustment: "+1.00"
                capacity: {example.com/a: "1", example.com/b: "5"}
                """) + overlay("alpha", "", """
                price: "0.50"
                capacity: {example.com/a: "2"}
                """));

        InstanceType type = resolve("m5.large", list);

        assertThat(price(type, CapacityType.ON_DEMAND)).isEqualTo(0.50);
        assertThat(type.capacity().get("example.com/a")).isEqualTo(2);
        assertThat(type.capacity().get("example.com/b")).isEqualTo(5);
    }

    @Test
    void apply_whenMigConfigAll1g10gb_givesEachA100_80GbSevenSlicesAndNoWholeGpu() {
        List<NodeOverlay> list = overlays(overlay("mig", "annotations: {spotter.dev/mig-config: all-1g.10gb}", """
                requirements:
                  - {key: karpenter.k8s.aws/instance-gpu-name, operator: In, values: [a100, h100, a10g]}
                """));

        InstanceType p4de = resolve("p4de.24xlarge", list);
        InstanceType p5 = resolve("p5.48xlarge", list);
        InstanceType p4d = resolve("p4d.24xlarge", list);
        InstanceType g5 = resolve("g5.xlarge", list);

        assertThat(p4de.allocatable().get("nvidia.com/mig-1g.10gb")).isEqualTo(56);
        assertThat(p4de.allocatable().get(Resources.NVIDIA_GPU)).isZero();
        assertThat(p5.allocatable().get("nvidia.com/mig-1g.10gb")).isEqualTo(56);
        // A100 40 GB holds four 1g.10gb instances per GPU
        assertThat(p4d.allocatable().get("nvidia.com/mig-1g.10gb")).isEqualTo(32);
        // the A10G has no MIG: g5 keeps its whole GPU
        assertThat(g5.allocatable().get("nvidia.com/mig-1g.10gb")).isZero();
        assertThat(g5.allocatable().get(Resources.NVIDIA_GPU)).isEqualTo(1);
    }

    @Test
    void apply_whenMigConfigAllBalanced_addsTheBalancedMix() {
        InstanceType p5en = resolve("p5en.48xlarge", overlays(overlay("mig", "annotations: {spotter.dev/mig-config: all-balanced}", "{}")));

        assertThat(p5en.capacity().get("nvidia.com/mig-1g.18gb")).isEqualTo(16);
        assertThat(p5en.capacity().get("nvidia.com/mig-2g.35gb")).isEqualTo(8);
        assertThat(p5en.capacity().get("nvidia.com/mig-3g.71gb")).isEqualTo(8);
    }

    @Test
    void parse_whenPriceAndPriceAdjustment_rejectsBoth() {
        assertThatThrownBy(() -> overlays(overlay("x", "", "price: \"1\"\npriceAdjustment: \"+1\"")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mutually exclusive");
    }

    @Test
    void parse_whenCapacityOverlaysCpu_rejectsIt() {
        assertThatThrownBy(() -> overlays(overlay("x", "", "capacity: {cpu: \"1\"}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("spec.capacity.cpu")
                .hasMessageContaining("only extended resources");
    }

    @Test
    void parse_whenMigConfigUnknown_namesTheAnnotation() {
        assertThatThrownBy(() -> overlays(overlay("x", "annotations: {spotter.dev/mig-config: all-9g.1tb}", "{}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("spotter.dev/mig-config");
    }
}
