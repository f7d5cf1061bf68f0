package dev.spotter.bench;

import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceSpec;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.InstanceTypeResolver;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;
import dev.spotter.cluster.WeightedTerm;
import dev.spotter.config.NodePool;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.scheduling.CostOptimizing;
import dev.spotter.scheduling.FirstFitDecreasing;
import dev.spotter.scheduling.PlacementStrategy;
import dev.spotter.scheduling.Plan;
import dev.spotter.scheduling.PlannedNodeClaim;
import dev.spotter.scheduling.SchedulingInput;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bound's promise, checked against the engine: on small random clusters drawn from the shipped catalog, no plan
 * either strategy produces costs less than the bound for the pods it placed. The pods mix GPU pods and CPU-only pods
 * (some preferring GPU instance categories), the types include GPU and bare-metal ones, and a second NodePool sometimes
 * requires accelerated types, so the GPU/accelerator/metal rule and its exception are both exercised.
 */
class BoundVersusPlansTest {
    private static final Catalog CATALOG = CatalogCsv.loadDefault();
    private static final List<String> GPU_NAMES = List.of("t4", "a10g", "l4", "l40s");

    @Property(tries = 60)
    void lowerBound_whenRandomCluster_neverExceedsAnyStrategysPlan(@ForAll long seed) {
        SchedulingInput input = randomInput(new Random(seed));

        for (PlacementStrategy strategy : List.of(new CostOptimizing(), new FirstFitDecreasing())) {
            Plan plan = strategy.plan(input);
            List<String> placed = new ArrayList<>();
            double claimsCost = 0;
            for (PlannedNodeClaim claim : plan.nodeClaims()) {
                placed.addAll(claim.pods());
                claimsCost += claim.hourlyPrice();
            }

            double bound = BoundInput.lowerBound(input, placed).value();

            assertThat(plan.hourlyCost()).as(strategy.name() + " total").isCloseTo(claimsCost, org.assertj.core.api.Assertions.within(1e-6));
            assertThat(bound).as(strategy.name() + " plan of " + placed.size() + " pods").isLessThanOrEqualTo(plan.hourlyCost() + 1e-9);
        }
    }

    private static SchedulingInput randomInput(Random random) {
        List<InstanceSpec> specs = new ArrayList<>(CATALOG.specs());
        java.util.Collections.shuffle(specs, random);
        List<InstanceSpec> chosen = new ArrayList<>(specs.subList(0, 20 + random.nextInt(30)));
        // make sure some GPU and bare-metal types are among them: GPU pods are then not all unschedulable, and CPU-only
        // pods meet types the placement rules keep from them
        CATALOG.specs().stream().filter(s -> GPU_NAMES.contains(s.gpuName().toLowerCase())).filter(s -> random.nextInt(4) == 0)
                .forEach(chosen::add);
        CATALOG.specs().stream().filter(InstanceSpec::bareMetal).filter(s -> random.nextInt(40) == 0).forEach(chosen::add);
        Catalog catalog = new Catalog(CATALOG.region(), chosen.stream().distinct().toList());
        List<InstanceType> types = InstanceTypeResolver.estimated(catalog).resolve(catalog, BenchFixtures.nodeClass(), Set.of());
        Requirements pool = Requirements.of(
                Requirement.of(WellKnownLabels.CAPACITY_TYPE, Operator.IN, List.of("spot", "on-demand")),
                Requirement.of(WellKnownLabels.ARCH, Operator.IN, List.of("amd64", "arm64")));
        List<NodePool> pools = new ArrayList<>(List.of(BenchFixtures.nodePool("default", pool)));
        if (random.nextBoolean()) {
            // a NodePool that requires accelerated types: CPU-only pods may use them there (the rule's exception)
            pools.add(BenchFixtures.nodePool("gpu-only", pool.and(Requirements.of(
                    Requirement.of(WellKnownLabels.INSTANCE_CATEGORY, Operator.IN, List.of("g", "p"))))));
        }
        return SchedulingInput.builder()
                .pendingPods(pods(random))
                .nodePools(pools)
                .nodeClasses(List.of(BenchFixtures.nodeClass()))
                .instanceTypes(Map.of(BenchFixtures.NODE_CLASS, types))
                .build();
    }

    private static List<Pod> pods(Random random) {
        List<Pod> pods = new ArrayList<>();
        int count = 1 + random.nextInt(40);
        for (int i = 0; i < count; i++) {
            Resources.Builder requests = Resources.builder()
                    .cpuMillis(100L * (1 + random.nextInt(80)))
                    .memoryBytes((long) random.nextInt(32 * 1024) << 20);
            Pod.Builder pod = Pod.builder("default", "p" + i).uid("p" + i).labels(Map.of("app", "a" + random.nextInt(3)));
            switch (random.nextInt(7)) {
                case 0 -> {
                    requests.set(Resources.NVIDIA_GPU, 1 + random.nextInt(2));
                    pod.requiredNodeAffinity(List.of(Requirements.of(Requirement.of(WellKnownLabels.INSTANCE_GPU_NAME, Operator.IN,
                            List.of(GPU_NAMES.get(random.nextInt(GPU_NAMES.size())), GPU_NAMES.get(random.nextInt(GPU_NAMES.size())))))));
                }
                case 1 -> pod.nodeSelector(Map.of(WellKnownLabels.ARCH, "arm64"));
                case 2 -> pod.nodeSelector(Map.of(WellKnownLabels.CAPACITY_TYPE, "on-demand"));
                case 4 -> pod.preferredNodeAffinity(List.of(new WeightedTerm(10, Requirements.of(
                        Requirement.of(WellKnownLabels.INSTANCE_CATEGORY, Operator.IN, List.of("g"))))));
                case 3 -> pod.podAntiAffinity(List.of(new PodAffinityTerm(
                        Requirements.of(Requirement.in("app", "a0")), WellKnownLabels.HOSTNAME, Set.of())))
                        .labels(Map.of("app", "a0"));
                default -> {
                }
            }
            pods.add(pod.requests(requests.build()).build());
        }
        return pods;
    }
}
