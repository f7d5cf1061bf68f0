package dev.spotter.bench;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;
import dev.spotter.model.Toleration;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.scheduling.SchedulingInput;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BoundInputTest {

    @Test
    void lowerBound_whenPoolAllowsOnlyOnDemand_pricesTheOnDemandOffering() {
        InstanceType type = SyntheticWorkload.instanceTypes(4).get(3).withOfferings(List.of(
                new Offering("test-zone-1", CapacityType.SPOT, 0.1, true),
                new Offering("test-zone-1", CapacityType.ON_DEMAND, 0.8, true),
                new Offering("test-zone-2", CapacityType.ON_DEMAND, 0.5, false)));
        NodePool pool = BenchFixtures.nodePool("od", Requirements.of(Requirement.in(WellKnownLabels.CAPACITY_TYPE, "on-demand")));
        SchedulingInput input = input(pool, List.of(type), List.of(pod("a", 3900, Map.of(), List.of())));

        // one pod filling the node's 3900m: one node at the only available on-demand offering
        assertThat(BoundInput.lowerBound(input).value()).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void lowerBound_whenPodDoesNotTolerateTaint_excludesIt() {
        NodePool tainted = new NodePool("gpu", BenchFixtures.NODE_CLASS, Map.of(), Map.of(), Requirements.NONE,
                List.of(new Taint("nvidia.com/gpu", "true", Taint.NO_SCHEDULE)), List.of(), null, null, null, Resources.NONE, 0);
        Pod tolerating = pod("t", 500, Map.of(), List.of(new Toleration("nvidia.com/gpu", "Exists", "", "NoSchedule")));
        SchedulingInput input = input(tainted, SyntheticWorkload.instanceTypes(2), List.of(tolerating, pod("plain", 500, Map.of(), List.of())));

        CostLowerBound.Result result = BoundInput.lowerBound(input);

        assertThat(result.podsCounted()).isEqualTo(1);
        assertThat(result.podsExcluded()).isEqualTo(1);
    }

    @Test
    void lowerBound_whenNodeSelectorPinsType_usesOnlyThatType() {
        List<InstanceType> types = SyntheticWorkload.instanceTypes(8);
        Pod pinned = pod("pinned", 100, Map.of(WellKnownLabels.INSTANCE_TYPE, "fake-it-7"), List.of());
        SchedulingInput input = input(BenchFixtures.nodePool("default", Requirements.NONE), types, List.of(pinned));

        // 100m of fake-it-7's 7900m allocatable binds harder than 1 of its 80 pod slots
        double price = types.get(7).offerings().get(0).pricePerHour();
        assertThat(BoundInput.lowerBound(input).value()).isCloseTo(price * 100 / 7900, within(1e-9));
    }

    @Test
    void lowerBound_whenOnlySomePodsCounted_ignoresTheOthers() {
        List<InstanceType> types = SyntheticWorkload.instanceTypes(1);
        SchedulingInput input = input(BenchFixtures.nodePool("default", Requirements.NONE), types,
                List.of(pod("a", 900, Map.of(), List.of()), pod("b", 900, Map.of(), List.of())));

        double one = BoundInput.lowerBound(input, List.of("default/a")).value();
        double both = BoundInput.lowerBound(input).value();

        assertThat(both).isCloseTo(2 * one, within(1e-9));
    }

    private static SchedulingInput input(NodePool pool, List<InstanceType> types, List<Pod> pods) {
        return SchedulingInput.builder()
                .pendingPods(pods)
                .nodePools(List.of(pool))
                .nodeClasses(List.of(BenchFixtures.nodeClass()))
                .instanceTypes(Map.of(BenchFixtures.NODE_CLASS, types))
                .build();
    }

    private static Pod pod(String name, long cpuMillis, Map<String, String> nodeSelector, List<Toleration> tolerations) {
        return Pod.builder("default", name).requests(Resources.builder().cpuMillis(cpuMillis).build())
                .nodeSelector(nodeSelector).tolerations(tolerations).build();
    }
}
