package dev.spotter.scheduling;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.cluster.Pod;
import dev.spotter.model.Requirement;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ReservedCapacityTest {
    static Stream<PlacementStrategy> schedulers() {
        return Stream.<PlacementStrategy>of(new FirstFitDecreasing(), new CostOptimizing());
    }

    /** p4d with an 8-GPU reservation of {@code available} instances in us-east-1b. */
    /** An AL2023 node's default 20 GiB gp3 root volume, per hour: what a reserved node still pays. */
    private static final double ROOT_VOLUME = 20 * 0.08 / 730;

    private static InstanceType p4d(int available) {
        InstanceType base = Fixtures.gpuType("p4d.24xlarge", 96, 1152, 8, "a100", 32.77);
        List<Offering> offerings = new ArrayList<>(base.offerings());
        offerings.add(new Offering("us-east-1b", CapacityType.RESERVED, 0.0, available > 0, "cr-0abc", "default", available));
        return base.withOfferings(offerings);
    }

    private static List<Pod> trainers(int count) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pods.add(Fixtures.pod("trainer-" + i, 1000, 8).requests(Resources.builder().cpuMillis(1000).memoryBytes(8 * Fixtures.GI)
                    .set(Resources.NVIDIA_GPU, 8).build()).build());
        }
        return pods;
    }

    private static Plan plan(PlacementStrategy scheduler, int available, String... capacityTypes) {
        return scheduler.plan(Fixtures.input(trainers(3), List.of(p4d(available)),
                Fixtures.pool("gpu", Requirement.in(WellKnownLabels.CAPACITY_TYPE, capacityTypes))).build());
    }

    private static long count(Plan plan, CapacityType type) {
        return plan.nodeClaims().stream().filter(c -> c.capacityType() == type).count();
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void plan_whenAReservationHasRoom_fillsItBeforeSpot(PlacementStrategy scheduler) {
        Plan plan = plan(scheduler, 2, "reserved", "spot", "on-demand");

        assertThat(count(plan, CapacityType.RESERVED)).isEqualTo(2);
        assertThat(count(plan, CapacityType.SPOT)).isEqualTo(1);
        assertThat(plan.nodeClaims()).filteredOn(c -> c.capacityType() == CapacityType.RESERVED).allSatisfy(claim -> {
            assertThat(claim.capacityReservationId()).isEqualTo("cr-0abc");
            assertThat(claim.zones()).containsExactly("us-east-1b");
            assertThat(claim.instanceTypes()).containsExactly("p4d.24xlarge");
            assertThat(claim.hourlyPrice()).isCloseTo(ROOT_VOLUME, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(claim.requirements().get("karpenter.k8s.aws/capacity-reservation-id").orElseThrow().has("cr-0abc")).isTrue();
        });
        assertThat(plan.hourlyCost()).isCloseTo(32.77 * 0.3 + 3 * ROOT_VOLUME, org.assertj.core.api.Assertions.within(1e-6));
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void plan_whenTheReservationIsFull_fallsBackToSpot(PlacementStrategy scheduler) {
        Plan plan = plan(scheduler, 0, "reserved", "spot", "on-demand");

        assertThat(count(plan, CapacityType.RESERVED)).isZero();
        assertThat(count(plan, CapacityType.SPOT)).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void plan_whenSpotIsNotAllowed_fallsBackToOnDemandBeyondTheReservation(PlacementStrategy scheduler) {
        Plan plan = plan(scheduler, 1, "reserved", "on-demand");

        assertThat(count(plan, CapacityType.RESERVED)).isEqualTo(1);
        assertThat(count(plan, CapacityType.ON_DEMAND)).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void plan_whenTheNodePoolDoesNotAllowReserved_leavesTheReservationAlone(PlacementStrategy scheduler) {
        Plan plan = plan(scheduler, 2, "spot", "on-demand");

        assertThat(count(plan, CapacityType.RESERVED)).isZero();
    }
}
