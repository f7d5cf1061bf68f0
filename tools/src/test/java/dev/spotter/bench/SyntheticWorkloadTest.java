package dev.spotter.bench;

import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.cluster.Pod;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.scheduling.SchedulingInput;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SyntheticWorkloadTest {

    @Test
    void instanceTypes_whenKarpenterFakeProvider_growOneVcpuTwoGibTenPodsPerStep() {
        List<InstanceType> types = SyntheticWorkload.instanceTypes(400);

        assertThat(types).hasSize(400);
        InstanceType third = types.get(2);
        assertThat(third.name()).isEqualTo("fake-it-2");
        assertThat(third.capacity().cpuMillis()).isEqualTo(3000);
        assertThat(third.capacity().memoryBytes()).isEqualTo(6L << 30);
        assertThat(third.capacity().get(Resources.PODS)).isEqualTo(30);
        assertThat(third.allocatable().cpuMillis()).isEqualTo(2900);
        assertThat(third.allocatable().memoryBytes()).isEqualTo((6L << 30) - (10L << 20));
        assertThat(third.offerings()).hasSize(5).extracting(Offering::pricePerHour)
                .allSatisfy(price -> assertThat(price).isCloseTo(0.3 + 0.1 * 6 * (1L << 30) / 1e9, within(1e-12)));
        assertThat(third.offerings().stream().filter(o -> o.capacityType().label().equals("spot"))).hasSize(2);
    }

    @Test
    void input_whenThousandPods_fiveEqualGroupsWithTheirConstraints() {
        SchedulingInput input = SyntheticWorkload.input(1003);
        List<Pod> pods = input.pendingPods();

        assertThat(pods).hasSize(1003);
        assertThat(pods.stream().filter(p -> p.name().startsWith("generic-"))).hasSize(203);
        assertThat(pods.stream().filter(p -> p.name().startsWith("spread-zone-")))
                .hasSize(200).allSatisfy(p -> assertThat(p.topologySpread().get(0).topologyKey()).isEqualTo(WellKnownLabels.ZONE));
        assertThat(pods.stream().filter(p -> p.name().startsWith("spread-host-")))
                .hasSize(200).allSatisfy(p -> assertThat(p.topologySpread().get(0).topologyKey()).isEqualTo(WellKnownLabels.HOSTNAME));
        assertThat(pods.stream().filter(p -> p.name().startsWith("affinity-zone-"))).hasSize(200).allSatisfy(p -> {
            assertThat(p.podAffinity().get(0).topologyKey()).isEqualTo(WellKnownLabels.ZONE);
            assertThat(p.podAffinity().get(0).selector().matchesLabels(p.labels())).isTrue();
        });
        assertThat(pods.stream().filter(p -> p.name().startsWith("anti-affinity-host-"))).hasSize(200).allSatisfy(p -> {
            assertThat(p.podAntiAffinity().get(0).topologyKey()).isEqualTo(WellKnownLabels.HOSTNAME);
            assertThat(p.podAntiAffinity().get(0).selector().matchesLabels(p.labels())).isTrue();
        });
        assertThat(pods).allSatisfy(p -> {
            assertThat(p.requests().cpuMillis()).isIn(100L, 250L, 500L, 1000L, 1500L);
            assertThat(p.requests().memoryBytes() >> 20).isIn(100L, 256L, 512L, 1024L, 2048L, 4096L);
        });
    }

    @Test
    void input_whenSameCount_isTheSameWorkload() {
        assertThat(SyntheticWorkload.input(500).pendingPods()).isEqualTo(SyntheticWorkload.input(500).pendingPods());
    }
}
