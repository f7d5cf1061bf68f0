package dev.spotter.bench;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceTypeResolver;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;
import dev.spotter.model.Toleration;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.scheduling.CostOptimizing;
import dev.spotter.scheduling.SchedulingInput;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BoundInputTest {
    /** Every node of the benchmarks' AL2023 EC2NodeClass also pays its default 20 GiB gp3 root volume ($0.08/GB-month). */
    private static final double ROOT_VOLUME = 20 * 0.08 / 730;

    @Test
    void lowerBound_whenPoolAllowsOnlyOnDemand_pricesTheOnDemandOffering() {
        InstanceType type = SyntheticWorkload.instanceTypes(4).get(3).withOfferings(List.of(
                new Offering("test-zone-1", CapacityType.SPOT, 0.1, true),
                new Offering("test-zone-1", CapacityType.ON_DEMAND, 0.8, true),
                new Offering("test-zone-2", CapacityType.ON_DEMAND, 0.5, false)));
        NodePool pool = BenchFixtures.nodePool("od", Requirements.of(Requirement.in(WellKnownLabels.CAPACITY_TYPE, "on-demand")));
        SchedulingInput input = input(pool, List.of(type), List.of(pod("a", 3900, Map.of(), List.of())));

        // one pod filling the node's 3900m: one node at the only available on-demand offering
        assertThat(BoundInput.lowerBound(input).value()).isCloseTo(0.8 + ROOT_VOLUME, within(1e-9));
    }

    @Test
    void lowerBound_whenEveryNodeRunsADaemonSet_leavesItsRequestsOutOfTheRoom_andStaysBelowThePlan() {
        InstanceType type = SyntheticWorkload.instanceTypes(4).get(3);
        NodePool pool = BenchFixtures.nodePool("default", Requirements.NONE);
        List<Pod> pods = List.of(pod("a", 2000, Map.of(), List.of()), pod("b", 2000, Map.of(), List.of()));
        SchedulingInput bare = input(pool, List.of(type), pods);
        Pod agent = Pod.builder("kube-system", "agent").requests(Resources.builder().cpuMillis(1000).build())
                .tolerations(List.of(new Toleration("", "Exists", "", ""))).build();
        SchedulingInput withAgent = SchedulingInput.builder().pendingPods(pods).nodePools(List.of(pool))
                .nodeClasses(List.of(BenchFixtures.nodeClass())).instanceTypes(Map.of(BenchFixtures.NODE_CLASS, List.of(type)))
                .daemonSets(List.of(new DaemonSet("kube-system", "agent", agent))).build();

        double without = BoundInput.lowerBound(bare).value();
        double with = BoundInput.lowerBound(withAgent).value();

        assertThat(BoundInput.everyNodeDaemonSets(withAgent.daemonSets(), pool).cpuMillis()).isEqualTo(1000);
        assertThat(with).isGreaterThan(without);
        // the engine cannot put both 2000m pods on one node with 1000m taken: two nodes
        assertThat(with).isLessThanOrEqualTo(new CostOptimizing().plan(withAgent).hourlyCost() + 1e-9);
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
        double price = types.get(7).offerings().get(0).pricePerHour() + ROOT_VOLUME;
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

    @Test
    void lowerBound_whenCpuPodBesideGpuPod_doesNotUseTheGpuNodesSpareRoom() {
        List<InstanceType> types = catalogTypes("g4dn.xlarge", "m5.large");
        Pod gpu = Pod.builder("default", "gpu").requests(Resources.builder().cpuMillis(1000).set(Resources.NVIDIA_GPU, 1).build()).build();
        Pod cpu = pod("cpu", 1000, Map.of(), List.of());
        NodePool pool = BenchFixtures.nodePool("default", Requirements.of(Requirement.in(WellKnownLabels.CAPACITY_TYPE, "on-demand")));
        SchedulingInput input = input(pool, types, List.of(gpu, cpu));

        double bound = BoundInput.lowerBound(input).value();

        // the GPU pod needs a whole g4dn.xlarge; the CPU pod, kept off GPU types, needs room on an m5.large too
        double g4dn = onDemandPrice(types, "g4dn.xlarge");
        double m5 = onDemandPrice(types, "m5.large");
        assertThat(bound).isGreaterThan(g4dn + 0.25 * m5).isLessThanOrEqualTo(g4dn + m5 + 1e-9);
    }

    @Test
    void lowerBound_whenNodePoolRequiresGpuTypes_letsCpuPodUseThem() {
        List<InstanceType> types = catalogTypes("g4dn.xlarge", "m5.large");
        NodePool gpuOnly = BenchFixtures.nodePool("gpu", Requirements.of(Requirement.in(WellKnownLabels.CAPACITY_TYPE, "on-demand"),
                Requirement.in(WellKnownLabels.INSTANCE_CATEGORY, "g")));
        SchedulingInput input = input(gpuOnly, types, List.of(pod("cpu", 1000, Map.of(), List.of())));

        CostLowerBound.Result result = BoundInput.lowerBound(input);

        assertThat(result.podsCounted()).isEqualTo(1);
        assertThat(result.value()).isGreaterThan(0);
    }

    private static List<InstanceType> catalogTypes(String... names) {
        Catalog full = CatalogCsv.loadDefault();
        Catalog catalog = new Catalog(full.region(), java.util.Arrays.stream(names).map(n -> full.find(n).orElseThrow()).toList());
        return InstanceTypeResolver.estimated(catalog).resolve(catalog, BenchFixtures.nodeClass(), java.util.Set.of());
    }

    private static double onDemandPrice(List<InstanceType> types, String name) {
        return types.stream().filter(t -> t.name().equals(name)).flatMap(t -> t.offerings().stream())
                .filter(o -> o.capacityType() == CapacityType.ON_DEMAND && o.available()).mapToDouble(Offering::pricePerHour).min().orElseThrow();
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
