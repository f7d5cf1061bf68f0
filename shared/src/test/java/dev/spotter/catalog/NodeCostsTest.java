package dev.spotter.catalog;

import dev.spotter.config.BlockDeviceMapping;
import dev.spotter.config.KubeletConfiguration;
import dev.spotter.config.MetadataOptions;
import dev.spotter.config.NodeClass;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NodeCostsTest {
    private static final long GI = 1L << 30;
    private final NodeCosts costs = NodeCosts.loadDefault();

    @Test
    void of_whenNoBlockDeviceMappings_pricesTheAmiFamilysDefaultVolumes() {
        assertThat(costs.of(nodeClass("AL2023", List.of(), null)).volumesPerHour()).isCloseTo(20 * 0.08 / 730, within(1e-12));
        // Bottlerocket: a 4 GiB OS volume and a 20 GiB data volume
        assertThat(costs.of(nodeClass("Bottlerocket", List.of(), null)).volumesPerHour()).isCloseTo(24 * 0.08 / 730, within(1e-12));
        assertThat(costs.of(nodeClass("Custom", List.of(), null)).perHour()).isZero();
    }

    @Test
    void of_pricesGp3IopsAndThroughputAboveTheFreeBaseline_andProvisionedIopsOfIo2() {
        BlockDeviceMapping gp3 = new BlockDeviceMapping("/dev/xvda", true, 100 * GI, "gp3", 6000, 250, true, "", true, "");
        BlockDeviceMapping io2 = new BlockDeviceMapping("/dev/xvdb", false, 50 * GI, "io2", 1000, 0, true, "", true, "");

        NodeCosts.Extras extras = costs.of(nodeClass("AL2023", List.of(gp3, io2), null));

        double gp3Monthly = 100 * 0.08 + 3000 * 0.005 + 125 * 0.04;
        double io2Monthly = 50 * 0.125 + 1000 * 0.065;
        assertThat(extras.volumesPerHour()).isCloseTo((gp3Monthly + io2Monthly) / 730, within(1e-12));
        assertThat(extras.publicIpv4PerHour()).isZero();
    }

    @Test
    void of_countsAPublicIpv4AddressOnlyWhenTheNodeClassAsksForOne() {
        assertThat(costs.of(nodeClass("AL2023", List.of(), true)).publicIpv4PerHour()).isEqualTo(0.005);
        assertThat(costs.of(nodeClass("AL2023", List.of(), false)).publicIpv4PerHour()).isZero();
        assertThat(costs.of(nodeClass("AL2023", List.of(), null)).publicIpv4PerHour()).isZero();
    }

    @Test
    void parse_whenAPriceIsMalformed_namesTheLine_andAMissingItemIsAnError() {
        assertThatThrownBy(() -> NodeCosts.parse("live", "item,usd,unit\nebs:gp3,cheap,GB-month\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("live line 2");
        NodeCosts onlyIpv4 = NodeCosts.parse("live", "item,usd,unit\nipv4:public,0.004,hour\n");
        assertThatThrownBy(() -> onlyIpv4.of(nodeClass("AL2023", List.of(), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ebs:gp3");
    }

    private static NodeClass nodeClass(String family, List<BlockDeviceMapping> volumes, Boolean publicIp) {
        return new NodeClass("default", family, List.of(), List.of(), List.of(), "role", "", "", volumes,
                MetadataOptions.DEFAULT, KubeletConfiguration.DEFAULT, Map.of(), publicIp, false, "");
    }
}
