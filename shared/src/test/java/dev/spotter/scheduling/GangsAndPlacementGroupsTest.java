package dev.spotter.scheduling;

import dev.spotter.catalog.InstanceType;
import dev.spotter.cluster.Gang;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodeClass;
import dev.spotter.config.PlacementGroup;
import dev.spotter.model.Resources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class GangsAndPlacementGroupsTest {
    static Stream<PlacementStrategy> strategies() {
        return Stream.<PlacementStrategy>of(new FirstFitDecreasing(), new CostOptimizing());
    }

    /** p4d offered in us-east-1a only on spot... and us-east-1b on both, so its cheapest common zone is known. */
    private static InstanceType p4d(List<String> zones) {
        return Fixtures.type("p4d.24xlarge", 96, 1152, 8, "a100", 32.77, 9.8, zones);
    }

    private static List<Pod> workers(String prefix, int count) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pods.add(Fixtures.pod(prefix + "-" + i, 1000, 8).requests(Resources.builder().cpuMillis(1000).memoryBytes(8 * Fixtures.GI)
                    .set(Resources.NVIDIA_GPU, 8).build()).build());
        }
        return pods;
    }

    private static Gang gang(List<Pod> pods, int minMember) {
        return new Gang("default", "llm", minMember, pods.stream().map(Pod::key).toList());
    }

    private static SchedulingInput.Builder input(List<Pod> pods, List<InstanceType> types, NodeClass nodeClass) {
        return Fixtures.input(pods, types, Fixtures.pool("gpu", Fixtures.spotAndOnDemand())).nodeClasses(List.of(nodeClass));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenTheGangFits_putsAllItsClaimsInOneZoneMarkedWithTheGang(PlacementStrategy strategy) {
        List<Pod> pods = workers("train", 3);

        Plan plan = strategy.plan(input(pods, List.of(p4d(Fixtures.ZONES)), Fixtures.nodeClass()).gangs(List.of(gang(pods, 3))).build());

        assertThat(plan.nodeClaims()).hasSize(3).allSatisfy(claim -> {
            assertThat(claim.gang()).isEqualTo("default/llm");
            assertThat(claim.zones()).hasSize(1);
        });
        assertThat(plan.nodeClaims()).extracting(c -> c.zones().get(0)).containsOnly(plan.nodeClaims().get(0).zones().get(0));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenTheGangCannotAllBePlaced_launchesNoneOfIt(PlacementStrategy strategy) {
        List<Pod> pods = workers("train", 2);
        List<Pod> withHuge = new ArrayList<>(pods);
        // a third member asks for 16 GPUs: no type has them, so the gang of 3 cannot start
        Pod huge = Fixtures.pod("train-2", 1000, 8).requests(Resources.builder().cpuMillis(1000).set(Resources.NVIDIA_GPU, 16).build()).build();
        withHuge.add(huge);

        Plan plan = strategy.plan(input(withHuge, List.of(p4d(Fixtures.ZONES)), Fixtures.nodeClass())
                .gangs(List.of(gang(withHuge, 3))).build());

        assertThat(plan.nodeClaims()).isEmpty();
        assertThat(plan.unschedulable()).extracting(UnschedulablePod::pod)
                .containsExactlyInAnyOrder("default/train-0", "default/train-1", "default/train-2");
        assertThat(plan.unschedulable()).filteredOn(u -> u.pod().equals("default/train-0")).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("gang default/llm needs 3"));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenTheNodeClassHasAClusterPlacementGroup_usesOnlyItsZone(PlacementStrategy strategy) {
        NodeClass clustered = Fixtures.nodeClass().withPlacementGroup(
                new PlacementGroup("training", "pg-1", PlacementGroup.Strategy.CLUSTER, 0, "us-east-1c"));

        Plan plan = strategy.plan(input(workers("w", 2), List.of(p4d(Fixtures.ZONES)), clustered).build());

        assertThat(plan.nodeClaims()).hasSize(2).allSatisfy(claim -> assertThat(claim.zones()).containsExactly("us-east-1c"));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenASpreadGroupIsFullInAZone_plansAtMostSevenPerZone(PlacementStrategy strategy) {
        NodeClass spread = Fixtures.nodeClass().withPlacementGroup(
                new PlacementGroup("ha", "pg-2", PlacementGroup.Strategy.SPREAD, 0, ""));
        List<InstanceType> oneZone = List.of(p4d(List.of("us-east-1a")));

        Plan plan = strategy.plan(input(workers("w", 9), oneZone, spread).build());

        assertThat(plan.nodeClaims()).hasSize(7).allSatisfy(claim -> assertThat(claim.zones()).containsExactly("us-east-1a"));
        assertThat(plan.unschedulable()).hasSize(2)
                .allSatisfy(u -> assertThat(u.reason()).contains("spread placement group ha already holds 7"));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenNoGangOrGroup_leavesClaimsAsPlanned(PlacementStrategy strategy) {
        Plan plan = strategy.plan(input(workers("w", 2), List.of(p4d(Fixtures.ZONES)), Fixtures.nodeClass()).build());

        assertThat(plan.nodeClaims()).allSatisfy(claim -> assertThat(claim.gang()).isEmpty());
        assertThat(plan.nodeClaims()).hasSize(2);
    }
}
