package dev.spotter.scheduling;

import dev.spotter.catalog.InstanceType;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Random small clusters: every plan is feasible, and the cost-optimizing plan is never dearer than Karpenter's. */
class PlanPropertiesTest {

    @Property(tries = 150)
    void plan_forAnyInput_isFeasible(@ForAll("inputs") SchedulingInput input) {
        for (PlacementStrategy strategy : List.of(new FirstFitDecreasing(), new CostOptimizing())) {
            Plan plan = strategy.plan(input);
            assertThat(PlanChecker.violations(input, plan)).as(strategy.name()).isEmpty();
        }
    }

    @Property(tries = 150)
    void costOptimizing_forAnyInput_placesAsManyPodsAsFfdAndCostsNoMore(@ForAll("inputs") SchedulingInput input) {
        Plan ffd = new FirstFitDecreasing().plan(input);
        Plan cost = new CostOptimizing().plan(input);

        assertThat(cost.placedPodCount()).isGreaterThanOrEqualTo(ffd.placedPodCount());
        if (cost.placedPodCount() == ffd.placedPodCount()) {
            assertThat(cost.hourlyCost()).isLessThanOrEqualTo(ffd.hourlyCost() + 1e-9);
        }
    }

    @Provide
    Arbitrary<SchedulingInput> inputs() {
        Arbitrary<List<Pod>> pods = pod().list().ofMinSize(1).ofMaxSize(40).map(PlanPropertiesTest::uniqueNames);
        Arbitrary<List<NodePool>> pools = nodePool().list().ofMinSize(1).ofMaxSize(2).uniqueElements(NodePool::name);
        Arbitrary<Boolean> daemonSet = Arbitraries.of(true, false);
        Arbitrary<Boolean> existingNode = Arbitraries.of(true, false);
        return Combinators.combine(pods, pools, daemonSet, existingNode).as((p, n, d, e) -> {
            List<InstanceType> types = new ArrayList<>(Fixtures.generalTypes());
            types.add(Fixtures.gpuType("g4dn.xlarge", 4, 16, 1, "t4", 0.526));
            types.add(Fixtures.gpuType("g4dn.12xlarge", 48, 192, 4, "t4", 3.912));
            SchedulingInput.Builder builder = Fixtures.input(p, types, n.toArray(new NodePool[0]));
            if (d) {
                builder.daemonSets(List.of(new DaemonSet("kube-system", "agent",
                        Fixtures.pod("agent", 200, 1).owner("DaemonSet", "agent").build())));
            }
            if (e) {
                builder.nodes(List.of(PlacementScenariosTest.existingNode("ip-existing", "us-east-1b", 4000, 16,
                        List.of(Fixtures.pod("old", 1000, 2).nodeName("ip-existing").build()), Map.of(WellKnownLabels.NODEPOOL, n.get(0).name()))));
            }
            return builder.build();
        });
    }

    private static List<Pod> uniqueNames(List<Pod> pods) {
        List<Pod> named = new ArrayList<>();
        for (int i = 0; i < pods.size(); i++) {
            named.add(pods.get(i).toBuilder().build().toBuilder().build());
            Pod pod = pods.get(i);
            named.set(i, Pod.builder(pod.namespace(), "p" + i).uid("u" + i).labels(pod.labels()).requests(pod.requests())
                    .nodeSelector(pod.nodeSelector()).topologySpread(pod.topologySpread()).podAntiAffinity(pod.podAntiAffinity()).build());
        }
        return named;
    }

    private Arbitrary<Pod> pod() {
        Arbitrary<Integer> cpu = Arbitraries.of(100, 250, 500, 1000, 1500, 3000, 7000);
        Arbitrary<Integer> memoryMi = Arbitraries.of(128, 512, 1024, 3072, 6144, 14000);
        Arbitrary<Integer> gpus = Arbitraries.frequency(Tuple.of(9, 0), Tuple.of(1, 1));
        Arbitrary<Integer> kind = Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3));
        return Combinators.combine(cpu, memoryMi, gpus, kind).as((c, m, g, k) -> {
            Resources.Builder requests = Resources.builder().cpuMillis(c).memoryBytes(m * (1L << 20));
            if (g > 0) {
                requests.set(Resources.NVIDIA_GPU, g);
            }
            Pod.Builder builder = Pod.builder("default", "p").requests(requests.build());
            Map<String, String> labels = Map.of("app", "a" + k);
            builder.labels(labels);
            switch (k) {
                case 1 -> builder.topologySpread(List.of(Fixtures.spread(WellKnownLabels.ZONE, 1, true, labels)));
                case 2 -> builder.podAntiAffinity(List.of(new PodAffinityTerm(Requirements.fromLabels(labels), WellKnownLabels.HOSTNAME, Set.of())));
                case 3 -> builder.nodeSelector(Map.of(WellKnownLabels.INSTANCE_FAMILY, "m5"));
                default -> { }
            }
            return builder.build();
        });
    }

    private Arbitrary<NodePool> nodePool() {
        Arbitrary<String> name = Arbitraries.of("alpha", "beta", "gamma");
        Arbitrary<Integer> weight = Arbitraries.of(0, 10, 50);
        Arbitrary<Long> cpuLimit = Arbitraries.of(0L, 16_000L, 64_000L);
        Arbitrary<Boolean> spot = Arbitraries.of(true, false);
        Arbitrary<Boolean> onlyC5 = Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true));
        return Combinators.combine(name, weight, cpuLimit, spot, onlyC5).as((n, w, l, s, c) -> {
            List<Requirement> requirements = new ArrayList<>();
            if (s) {
                requirements.add(Fixtures.spotAndOnDemand());
            }
            if (c) {
                requirements.add(Requirement.in(WellKnownLabels.INSTANCE_FAMILY, "c5"));
            }
            Resources limits = l == 0 ? Resources.NONE : Resources.builder().cpuMillis(l).build();
            return Fixtures.pool(n, w, limits, List.of(), requirements.toArray(new Requirement[0]));
        });
    }
}
