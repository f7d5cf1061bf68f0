package dev.spotter.scheduling;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.HostPort;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;
import dev.spotter.cluster.WeightedTerm;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;
import dev.spotter.model.Toleration;
import dev.spotter.model.WellKnownLabels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.spotter.scheduling.Fixtures.GI;
import static dev.spotter.scheduling.Fixtures.generalTypes;
import static dev.spotter.scheduling.Fixtures.input;
import static dev.spotter.scheduling.Fixtures.pod;
import static dev.spotter.scheduling.Fixtures.pods;
import static dev.spotter.scheduling.Fixtures.pool;
import static dev.spotter.scheduling.Fixtures.spotAndOnDemand;
import static dev.spotter.scheduling.Fixtures.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Behaviour scenarios, each run against both strategies: they must honour the same constraints. */
class PlacementScenariosTest {
    /** Every node of the fixtures' AL2023 EC2NodeClass also pays its default 20 GiB gp3 root volume ($0.08/GB-month). */
    private static final double ROOT_VOLUME = 20 * 0.08 / 730;

    /** Karpenter's FFD, the default strategy, and its packing alone (no FFD comparison) so neither hides the other. */
    static Stream<PlacementStrategy> strategies() {
        return Stream.of(new FirstFitDecreasing(), new CostOptimizing(), new CostOptimizing(CostOptimizing.DEFAULT_SEARCH_BUDGET, 0));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenOneSmallPod_launchesTheCheapestTypeThatFits(PlacementStrategy strategy) {
        Plan plan = strategy.plan(input(List.of(pod("web", 500, 1).build()), generalTypes(), pool("default")).build());

        assertThat(plan.nodeClaims()).hasSize(1);
        PlannedNodeClaim claim = plan.nodeClaims().get(0);
        assertThat(claim.instanceTypes().get(0)).isEqualTo("c5.large");
        assertThat(claim.hourlyPrice()).isCloseTo(0.085 + ROOT_VOLUME, within(1e-12));
        assertThat(claim.capacityType()).isEqualTo(CapacityType.ON_DEMAND);
        assertThat(claim.pods()).containsExactly("default/web");
        assertThat(plan.hourlyCost()).isCloseTo(0.085 + ROOT_VOLUME, within(1e-12));
        assertThat(plan.unschedulable()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenPodsOverflowTheLargestType_opensASecondClaim(PlacementStrategy strategy) {
        List<InstanceType> onlyLarge = List.of(type("m5.large", 2, 8, 0.096));

        Plan plan = strategy.plan(input(pods("web", 3, 900, 1, Map.of()), onlyLarge, pool("default")).build());

        assertThat(plan.nodeClaims()).hasSize(2);
        assertThat(plan.nodeClaims()).flatExtracting(PlannedNodeClaim::pods).hasSize(3);
        assertThat(plan.hourlyCost()).isCloseTo(0.192 + 2 * ROOT_VOLUME, within(1e-12));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenPodIsLargerThanEveryType_reportsItUnschedulableWithAReason(PlacementStrategy strategy) {
        Plan plan = strategy.plan(input(List.of(pod("huge", 64_000, 8).build()), generalTypes(), pool("default")).build());

        assertThat(plan.nodeClaims()).isEmpty();
        assertThat(plan.unschedulable()).singleElement().satisfies(u -> {
            assertThat(u.pod()).isEqualTo("default/huge");
            assertThat(u.reason()).contains("nodepool \"default\"").contains("no instance type has room").contains("cpu=64");
        });
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenAnExistingNodeHasRoom_placesThePodThereAndLaunchesNothing(PlacementStrategy strategy) {
        ExistingNode node = existingNode("ip-10-0-0-1", "us-east-1a", 4000, 16, List.of(pod("old", 1000, 2).nodeName("ip-10-0-0-1").build()));

        Plan plan = strategy.plan(input(List.of(pod("web", 2000, 4).build()), generalTypes(), pool("default")).nodes(List.of(node)).build());

        assertThat(plan.nodeClaims()).isEmpty();
        assertThat(plan.nodePlacements()).containsExactly(Map.entry("ip-10-0-0-1", List.of("default/web")));
        assertThat(plan.hourlyCost()).isZero();
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenAnExistingNodeIsFull_launchesAClaimForTheRest(PlacementStrategy strategy) {
        ExistingNode node = existingNode("ip-10-0-0-1", "us-east-1a", 4000, 16, List.of(pod("old", 3500, 2).nodeName("ip-10-0-0-1").build()));

        Plan plan = strategy.plan(input(List.of(pod("web", 2000, 4).build()), generalTypes(), pool("default")).nodes(List.of(node)).build());

        assertThat(plan.nodePlacements()).isEmpty();
        assertThat(plan.nodeClaims()).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenZonalSpreadWithMaxSkewOne_neverSkewsTheZones(PlacementStrategy strategy) {
        Map<String, String> labels = Map.of("app", "web");
        List<Pod> spread = new ArrayList<>();
        for (Pod p : pods("web", 10, 500, 1, labels)) {
            spread.add(p.toBuilder().topologySpread(List.of(Fixtures.spread(WellKnownLabels.ZONE, 1, true, labels))).build());
        }

        Plan plan = strategy.plan(input(spread, generalTypes(), pool("default")).build());

        Map<String, Integer> perZone = podsPerZone(plan);
        assertThat(perZone.keySet()).containsExactlyInAnyOrderElementsOf(Fixtures.ZONES);
        assertThat(perZone.values().stream().mapToInt(Integer::intValue).max().getAsInt()
                - perZone.values().stream().mapToInt(Integer::intValue).min().getAsInt()).isLessThanOrEqualTo(1);
        assertThat(plan.nodeClaims()).allSatisfy(c -> assertThat(c.zones()).hasSize(1));
        assertThat(plan.unschedulable()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenZonalSpreadCountsExistingPods_fillsTheEmptierZones(PlacementStrategy strategy) {
        Map<String, String> labels = Map.of("app", "web");
        ExistingNode node = existingNode("ip-a", "us-east-1a", 8000, 32,
                List.of(pod("old-0", 100, 1).labels(labels).nodeName("ip-a").build(), pod("old-1", 100, 1).labels(labels).nodeName("ip-a").build()));
        List<Pod> spread = new ArrayList<>();
        for (Pod p : pods("web", 4, 500, 1, labels)) {
            spread.add(p.toBuilder().topologySpread(List.of(Fixtures.spread(WellKnownLabels.ZONE, 1, true, labels))).build());
        }

        Plan plan = strategy.plan(input(spread, generalTypes(), pool("default")).nodes(List.of(node)).build());

        Map<String, Integer> perZone = podsPerZone(plan);
        plan.nodePlacements().values().forEach(p -> perZone.merge("us-east-1a", p.size(), Integer::sum));
        perZone.merge("us-east-1a", 2, Integer::sum);
        assertThat(perZone).containsEntry("us-east-1a", 2).containsEntry("us-east-1b", 2).containsEntry("us-east-1c", 2);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenHostnameAntiAffinity_givesEveryPodItsOwnClaim(PlacementStrategy strategy) {
        Map<String, String> labels = Map.of("app", "db");
        List<Pod> pods = new ArrayList<>();
        for (Pod p : pods("db", 4, 250, 1, labels)) {
            pods.add(p.toBuilder().podAntiAffinity(List.of(new PodAffinityTerm(Requirements.fromLabels(labels), WellKnownLabels.HOSTNAME, Set.of()))).build());
        }

        Plan plan = strategy.plan(input(pods, generalTypes(), pool("default")).build());

        assertThat(plan.nodeClaims()).hasSize(4).allSatisfy(c -> assertThat(c.pods()).hasSize(1));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenZonalSelfAffinity_putsEveryPodInOneZone(PlacementStrategy strategy) {
        Map<String, String> labels = Map.of("app", "cache");
        List<Pod> pods = new ArrayList<>();
        for (Pod p : pods("cache", 12, 1500, 2, labels)) {
            pods.add(p.toBuilder().podAffinity(List.of(new PodAffinityTerm(Requirements.fromLabels(labels), WellKnownLabels.ZONE, Set.of()))).build());
        }

        Plan plan = strategy.plan(input(pods, generalTypes(), pool("default")).build());

        assertThat(plan.unschedulable()).isEmpty();
        assertThat(podsPerZone(plan)).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenNodePoolTaintIsNotTolerated_reportsThePodUnschedulable(PlacementStrategy strategy) {
        Taint gpuOnly = new Taint("nvidia.com/gpu", "true", Taint.NO_SCHEDULE);

        Plan plan = strategy.plan(input(List.of(pod("web", 500, 1).build()), generalTypes(),
                pool("tainted", 0, Resources.NONE, List.of(gpuOnly))).build());

        assertThat(plan.nodeClaims()).isEmpty();
        assertThat(plan.unschedulable()).singleElement().extracting(UnschedulablePod::reason).asString()
                .contains("did not tolerate taint nvidia.com/gpu=true:NoSchedule");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenTheTaintIsTolerated_usesTheTaintedNodePool(PlacementStrategy strategy) {
        Taint gpuOnly = new Taint("dedicated", "batch", Taint.NO_SCHEDULE);
        Pod tolerant = pod("job", 500, 1).tolerations(List.of(new Toleration("dedicated", "Equal", "batch", Taint.NO_SCHEDULE))).build();

        Plan plan = strategy.plan(input(List.of(tolerant), generalTypes(), pool("tainted", 0, Resources.NONE, List.of(gpuOnly))).build());

        assertThat(plan.nodeClaims()).singleElement().extracting(PlannedNodeClaim::nodePool).isEqualTo("tainted");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenAStartupTaintIsNotTolerated_stillUsesTheNodePool(PlacementStrategy strategy) {
        var withStartupTaint = new dev.spotter.config.NodePool("default", "default", Map.of(), Map.of(), Requirements.NONE, List.of(),
                List.of(new Taint("node.cilium.io/agent-not-ready", "true", Taint.NO_EXECUTE)), null, null,
                dev.spotter.config.Disruption.DEFAULT, Resources.NONE, 0);

        Plan plan = strategy.plan(input(List.of(pod("web", 500, 1).build()), generalTypes(), withStartupTaint).build());

        assertThat(plan.nodeClaims()).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenTwoNodePoolsFit_theHeavierWeightWins(PlacementStrategy strategy) {
        var light = pool("cheap-light", 10, Resources.NONE, List.of());
        var heavy = pool("heavy", 100, Resources.NONE, List.of(), Requirement.in(WellKnownLabels.INSTANCE_FAMILY, "m5"));

        Plan plan = strategy.plan(input(pods("web", 3, 500, 1, Map.of()), generalTypes(), light, heavy).build());

        assertThat(plan.nodeClaims()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.nodePool()).isEqualTo("heavy");
            assertThat(c.instanceTypes()).allMatch(t -> t.startsWith("m5."));
        });
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenEqualWeights_theNodePoolFirstByNameWins(PlacementStrategy strategy) {
        Plan plan = strategy.plan(input(List.of(pod("web", 500, 1).build()), generalTypes(), pool("zeta"), pool("alpha")).build());

        assertThat(plan.nodeClaims()).singleElement().extracting(PlannedNodeClaim::nodePool).isEqualTo("alpha");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenTheCpuLimitIsReached_stopsProvisioningAndSaysWhy(PlacementStrategy strategy) {
        List<InstanceType> types = List.of(type("m5.xlarge", 4, 16, 0.192));
        var limited = pool("default", 0, Resources.builder().cpuMillis(8000).build(), List.of());

        Plan plan = strategy.plan(input(pods("web", 4, 3000, 1, Map.of()), types, limited).build());

        assertThat(plan.nodeClaims()).hasSize(2);
        assertThat(plan.unschedulable()).hasSize(2).allSatisfy(u -> assertThat(u.reason()).contains("exceed its limits"));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenExistingNodesUseTheLimit_launchesNothing(PlacementStrategy strategy) {
        List<InstanceType> types = List.of(type("m5.xlarge", 4, 16, 0.192));
        var limited = pool("default", 0, Resources.builder().cpuMillis(4000).build(), List.of());
        ExistingNode full = existingNode("ip-1", "us-east-1a", 4000, 16, List.of(pod("old", 3900, 1).nodeName("ip-1").build()),
                Map.of(WellKnownLabels.NODEPOOL, "default"));

        Plan plan = strategy.plan(input(List.of(pod("web", 1000, 1).build()), types, limited).nodes(List.of(full)).build());

        assertThat(plan.nodeClaims()).isEmpty();
        assertThat(plan.unschedulable()).singleElement().extracting(UnschedulablePod::reason).asString().contains("exceed its limits");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenANodesLimitIsSet_launchesAtMostThatMany(PlacementStrategy strategy) {
        List<InstanceType> types = List.of(type("m5.large", 2, 8, 0.096));
        var limited = pool("default", 0, Resources.builder().set("nodes", 2).build(), List.of());

        Plan plan = strategy.plan(input(pods("web", 5, 1500, 1, Map.of()), types, limited).build());

        assertThat(plan.nodeClaims()).hasSize(2);
        assertThat(plan.unschedulable()).hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenGpuAndPlainPodsShareABatch_onlyTheGpuPodGetsAGpuType(PlacementStrategy strategy) {
        List<InstanceType> types = new ArrayList<>(generalTypes());
        types.add(Fixtures.gpuType("g4dn.xlarge", 4, 16, 1, "t4", 0.05));
        types.add(Fixtures.gpuType("p3.2xlarge", 8, 61, 1, "v100", 3.06));
        Pod gpuPod = pod("train", 2000, 8).requests(Resources.builder().cpuMillis(2000).memoryBytes(8 * GI).set(Resources.NVIDIA_GPU, 1).build()).build();
        Pod plain = pod("web", 500, 1).build();

        Plan plan = strategy.plan(input(List.of(gpuPod, plain), types, pool("default")).build());

        assertThat(plan.nodeClaims()).hasSize(2);
        PlannedNodeClaim gpuClaim = claimOf(plan, "default/train");
        PlannedNodeClaim plainClaim = claimOf(plan, "default/web");
        assertThat(gpuClaim.instanceTypes()).containsExactly("g4dn.xlarge", "p3.2xlarge");
        assertThat(gpuClaim.pods()).containsExactly("default/train");
        assertThat(plainClaim.instanceTypes()).doesNotContain("g4dn.xlarge", "p3.2xlarge");
        assertThat(plainClaim.instanceTypes().get(0)).isEqualTo("c5.large");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenAGpuPodRequiresAGpuName_getsOnlyThatGpu(PlacementStrategy strategy) {
        List<InstanceType> types = List.of(Fixtures.gpuType("g4dn.xlarge", 4, 16, 1, "t4", 0.526),
                Fixtures.gpuType("p3.2xlarge", 8, 61, 1, "v100", 3.06));
        Pod gpuPod = pod("train", 2000, 8).nodeSelector(Map.of(WellKnownLabels.INSTANCE_GPU_NAME, "v100"))
                .requests(Resources.builder().cpuMillis(2000).memoryBytes(8 * GI).set(Resources.NVIDIA_GPU, 1).build()).build();

        Plan plan = strategy.plan(input(List.of(gpuPod), types, pool("default")).build());

        assertThat(plan.nodeClaims()).singleElement().extracting(PlannedNodeClaim::instanceTypes).asList().containsExactly("p3.2xlarge");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenTheNodePoolSelectsOnlyGpuTypes_plainPodsMayUseThem(PlacementStrategy strategy) {
        List<InstanceType> types = new ArrayList<>(generalTypes());
        types.add(Fixtures.gpuType("g4dn.xlarge", 4, 16, 1, "t4", 0.526));
        var gpuPool = pool("gpu", Requirement.in(WellKnownLabels.INSTANCE_CATEGORY, "g"));

        Plan plan = strategy.plan(input(List.of(pod("web", 500, 1).build()), types, gpuPool).build());

        assertThat(plan.nodeClaims()).singleElement().extracting(c -> c.instanceTypes().get(0)).isEqualTo("g4dn.xlarge");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenDaemonSetsLandOnNewNodes_countsTheirRequests(PlacementStrategy strategy) {
        List<InstanceType> types = List.of(type("m5.large", 2, 8, 0.096), type("m5.xlarge", 4, 16, 0.192));
        DaemonSet agent = new DaemonSet("kube-system", "agent", pod("agent", 1000, 1).owner("DaemonSet", "agent").build());
        DaemonSet elsewhere = new DaemonSet("kube-system", "arm-only", pod("arm", 1000, 1)
                .nodeSelector(Map.of(WellKnownLabels.ARCH, "arm64")).owner("DaemonSet", "arm-only").build());

        Plan plan = strategy.plan(input(List.of(pod("web", 1500, 1).build()), types, pool("default"))
                .daemonSets(List.of(agent, elsewhere)).build());

        PlannedNodeClaim claim = plan.nodeClaims().get(0);
        assertThat(claim.instanceTypes()).containsExactly("m5.xlarge");
        assertThat(claim.requests().cpuMillis()).isEqualTo(2500);
        assertThat(claim.requests().get(Resources.PODS)).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenMinValuesIsSet_keepsThatManyFamiliesAmongTheCandidates(PlacementStrategy strategy) {
        List<InstanceType> types = new ArrayList<>(generalTypes());
        var flexible = pool("default", 0, Resources.NONE, List.of(),
                Requirement.of(WellKnownLabels.INSTANCE_FAMILY, Operator.EXISTS, List.of(), 3));

        Plan plan = strategy.plan(input(List.of(pod("web", 1000, 2).build()), types, flexible).build());

        PlannedNodeClaim claim = plan.nodeClaims().get(0);
        Set<String> families = new HashSet<>();
        claim.instanceTypes().forEach(t -> families.add(t.substring(0, t.indexOf('.'))));
        assertThat(families).hasSizeGreaterThanOrEqualTo(3);
        assertThat(claim.requirements().get(WellKnownLabels.INSTANCE_FAMILY)).get().extracting(Requirement::minValues).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenMinValuesCannotBeMet_theNodePoolIsNotUsed(PlacementStrategy strategy) {
        var strict = pool("default", 0, Resources.NONE, List.of(),
                Requirement.of(WellKnownLabels.INSTANCE_FAMILY, Operator.EXISTS, List.of(), 3));

        // only m5.8xlarge has room for 20 cpu: one family
        Plan plan = strategy.plan(input(List.of(pod("big", 20_000, 2).build()), generalTypes(), strict).build());

        assertThat(plan.nodeClaims()).isEmpty();
        assertThat(plan.unschedulable()).singleElement().extracting(UnschedulablePod::reason).asString().contains("minValues");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenSpotIsAllowed_launchesSpot(PlacementStrategy strategy) {
        Plan plan = strategy.plan(input(List.of(pod("web", 500, 1).build()), generalTypes(), pool("default", spotAndOnDemand())).build());

        PlannedNodeClaim claim = plan.nodeClaims().get(0);
        assertThat(claim.capacityType()).isEqualTo(CapacityType.SPOT);
        assertThat(claim.hourlyPrice()).isCloseTo(0.085 * 0.3 + ROOT_VOLUME, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(claim.requirements().get(WellKnownLabels.CAPACITY_TYPE).orElseThrow().values()).containsExactly("spot");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenEverySpotOfferingIsUnavailable_launchesOnDemand(PlacementStrategy strategy) {
        List<InstanceType> types = List.of(type("c5.large", 2, 4, 0.085));
        Set<OfferingKey> unavailable = new HashSet<>();
        Fixtures.ZONES.forEach(z -> unavailable.add(new OfferingKey(CapacityType.SPOT, "c5.large", z)));

        Plan plan = strategy.plan(input(List.of(pod("web", 500, 1).build()), types, pool("default", spotAndOnDemand()))
                .unavailableOfferings(unavailable).build());

        PlannedNodeClaim claim = plan.nodeClaims().get(0);
        assertThat(claim.capacityType()).isEqualTo(CapacityType.ON_DEMAND);
        assertThat(claim.hourlyPrice()).isCloseTo(0.085 + ROOT_VOLUME, within(1e-12));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenSpotIsDearerThanOnDemand_launchesOnDemand(PlacementStrategy strategy) {
        List<InstanceType> types = List.of(type("c5.large", 2, 4, 0, "", 0.085, 0.2, Fixtures.ZONES));

        Plan plan = strategy.plan(input(List.of(pod("web", 500, 1).build()), types, pool("default", spotAndOnDemand())).build());

        assertThat(plan.nodeClaims().get(0).capacityType()).isEqualTo(CapacityType.ON_DEMAND);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenTheNodePoolSaysNothingOfCapacityType_launchesOnDemandOnly(PlacementStrategy strategy) {
        Plan plan = strategy.plan(input(List.of(pod("web", 500, 1).build()), generalTypes(), pool("default")).build());

        assertThat(plan.nodeClaims().get(0).capacityType()).isEqualTo(CapacityType.ON_DEMAND);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenAnOfferingIsUnavailableInOneZone_leavesThatZoneOut(PlacementStrategy strategy) {
        List<InstanceType> types = List.of(type("c5.large", 2, 4, 0.085));
        Set<OfferingKey> unavailable = Set.of(new OfferingKey(CapacityType.ON_DEMAND, "c5.large", "us-east-1a"));

        Plan plan = strategy.plan(input(List.of(pod("web", 500, 1).build()), types, pool("default")).unavailableOfferings(unavailable).build());

        assertThat(plan.nodeClaims().get(0).zones()).containsExactly("us-east-1b", "us-east-1c");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenAPreferredAffinityCanBeMet_honoursIt(PlacementStrategy strategy) {
        Pod prefersR5 = pod("web", 500, 1).preferredNodeAffinity(List.of(
                new WeightedTerm(10, Requirements.of(Requirement.in(WellKnownLabels.INSTANCE_FAMILY, "c5"))),
                new WeightedTerm(50, Requirements.of(Requirement.in(WellKnownLabels.INSTANCE_FAMILY, "r5"))))).build();

        Plan plan = strategy.plan(input(List.of(prefersR5), generalTypes(), pool("default")).build());

        assertThat(plan.nodeClaims().get(0).instanceTypes()).isNotEmpty().allMatch(t -> t.startsWith("r5."));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenAPreferredAffinityCannotBeMet_relaxesToTheNextAndThenToNone(PlacementStrategy strategy) {
        Pod prefersAbsent = pod("web", 500, 1).preferredNodeAffinity(List.of(
                new WeightedTerm(80, Requirements.of(Requirement.in(WellKnownLabels.INSTANCE_FAMILY, "x9"))),
                new WeightedTerm(20, Requirements.of(Requirement.in(WellKnownLabels.INSTANCE_FAMILY, "m5"))))).build();
        Pod prefersOnlyAbsent = pod("api", 500, 1).preferredNodeAffinity(List.of(
                new WeightedTerm(80, Requirements.of(Requirement.in(WellKnownLabels.INSTANCE_FAMILY, "x9"))))).build();

        Plan plan = strategy.plan(input(List.of(prefersAbsent, prefersOnlyAbsent), generalTypes(), pool("default")).build());

        assertThat(plan.unschedulable()).isEmpty();
        assertThat(claimOf(plan, "default/web").instanceTypes()).allMatch(t -> t.startsWith("m5."));
        assertThat(claimOf(plan, "default/api").instanceTypes()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenTheFirstRequiredTermCannotBeMet_triesTheNextTerm(PlacementStrategy strategy) {
        Pod twoTerms = pod("web", 500, 1).requiredNodeAffinity(List.of(
                Requirements.of(Requirement.in(WellKnownLabels.INSTANCE_FAMILY, "x9")),
                Requirements.of(Requirement.in(WellKnownLabels.INSTANCE_FAMILY, "r5")))).build();

        Plan plan = strategy.plan(input(List.of(twoTerms), generalTypes(), pool("default")).build());

        assertThat(plan.nodeClaims().get(0).instanceTypes()).isNotEmpty().allMatch(t -> t.startsWith("r5."));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenANodeSelectorNamesAZone_launchesOnlyThere(PlacementStrategy strategy) {
        Pod zonal = pod("web", 500, 1).nodeSelector(Map.of(WellKnownLabels.ZONE, "us-east-1b")).build();

        Plan plan = strategy.plan(input(List.of(zonal), generalTypes(), pool("default")).build());

        assertThat(plan.nodeClaims().get(0).zones()).containsExactly("us-east-1b");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenTwoPodsBindTheSameHostPort_putsThemOnDifferentNodes(PlacementStrategy strategy) {
        List<Pod> pods = new ArrayList<>();
        for (Pod p : pods("proxy", 2, 250, 1, Map.of())) {
            pods.add(p.toBuilder().hostPorts(List.of(new HostPort(8080, "TCP", ""))).build());
        }

        Plan plan = strategy.plan(input(pods, generalTypes(), pool("default")).build());

        assertThat(plan.nodeClaims()).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenAnInFlightClaimHasRoom_placesPodsThereFirst(PlacementStrategy strategy) {
        var nodePool = pool("default");
        InstanceType xlarge = type("m5.xlarge", 4, 16, 0.192);
        var claim = dev.spotter.nodeclaim.NodeClaim.builder().name("default-inflight").nodePool("default").zone("us-east-1a")
                .capacityType(CapacityType.ON_DEMAND).instanceTypes(List.of("m5.xlarge")).build();
        InFlightClaim inFlight = InFlightClaim.of(claim, xlarge, nodePool, List.of(pod("earlier", 1000, 2).build()));

        Plan plan = strategy.plan(input(List.of(pod("web", 1000, 2).build(), pod("earlier", 1000, 2).build()), generalTypes(), nodePool)
                .inFlightClaims(List.of(inFlight)).build());

        assertThat(plan.nodeClaims()).isEmpty();
        assertThat(plan.inFlightPlacements()).containsExactly(Map.entry("default-inflight", List.of("default/web")));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenPodsAreAlreadyBoundOrDaemonSetPods_ignoresThem(PlacementStrategy strategy) {
        Pod bound = pod("bound", 500, 1).nodeName("ip-1").build();
        Pod daemon = pod("agent-xyz", 500, 1).owner("DaemonSet", "agent").build();

        Plan plan = strategy.plan(input(List.of(bound, daemon), generalTypes(), pool("default")).build());

        assertThat(plan.nodeClaims()).isEmpty();
        assertThat(plan.unschedulable()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenThereIsNoNodePool_saysSo(PlacementStrategy strategy) {
        Plan plan = strategy.plan(input(List.of(pod("web", 500, 1).build()), generalTypes()).build());

        assertThat(plan.unschedulable()).singleElement().extracting(UnschedulablePod::reason).isEqualTo("no NodePool is defined");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenTheNodeClassIsMissing_saysSo(PlacementStrategy strategy) {
        Plan plan = strategy.plan(input(List.of(pod("web", 500, 1).build()), generalTypes(), pool("default")).nodeClasses(List.of()).build());

        assertThat(plan.unschedulable()).singleElement().extracting(UnschedulablePod::reason).asString()
                .contains("NodeClass \"default\" was not found");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenGivenTheSameInputTwice_returnsEqualPlans(PlacementStrategy strategy) {
        Map<String, String> labels = Map.of("app", "web");
        List<Pod> pods = new ArrayList<>(pods("generic", 40, 700, 3, Map.of()));
        for (Pod p : pods("web", 12, 500, 1, labels)) {
            pods.add(p.toBuilder().topologySpread(List.of(Fixtures.spread(WellKnownLabels.ZONE, 1, true, labels))).build());
        }
        SchedulingInput input = input(pods, generalTypes(), pool("default", spotAndOnDemand())).build();
        List<Pod> reversed = new ArrayList<>(pods);
        java.util.Collections.reverse(reversed);

        Plan first = strategy.plan(input);
        Plan second = strategy.plan(input);
        Plan reordered = strategy.plan(input(reversed, generalTypes(), pool("default", spotAndOnDemand())).build());

        assertThat(second).isEqualTo(first);
        assertThat(reordered).isEqualTo(first);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_namesClaimsFromTheirNodePoolAndPods(PlacementStrategy strategy) {
        Plan plan = strategy.plan(input(List.of(pod("web", 500, 1).build()), generalTypes(), pool("default")).build());

        assertThat(plan.nodeClaims().get(0).name()).matches("default-[a-z2-7]{8}");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenAPodRequiresHostnameAffinityToABoundPod_putsItOnThatNode(PlacementStrategy strategy) {
        Map<String, String> labels = Map.of("app", "db");
        ExistingNode node = existingNode("ip-db", "us-east-1a", 8000, 32, List.of(pod("db-0", 1000, 2).labels(labels).nodeName("ip-db").build()));
        Pod sidecar = pod("backup", 500, 1).podAffinity(List.of(new PodAffinityTerm(Requirements.fromLabels(labels), WellKnownLabels.HOSTNAME, Set.of())))
                .build();
        ExistingNode other = existingNode("ip-aaa", "us-east-1a", 8000, 32, List.of());

        Plan plan = strategy.plan(input(List.of(sidecar), generalTypes(), pool("default")).nodes(List.of(other, node)).build());

        assertThat(plan.nodePlacements()).containsExactly(Map.entry("ip-db", List.of("default/backup")));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenPendingPodsRequireHostnameAffinityToEachOther_putsThemOnOneClaim(PlacementStrategy strategy) {
        Map<String, String> labels = Map.of("app", "pair");
        List<Pod> pods = new ArrayList<>();
        for (Pod p : pods("pair", 3, 500, 1, labels)) {
            pods.add(p.toBuilder().podAffinity(List.of(new PodAffinityTerm(Requirements.fromLabels(labels), WellKnownLabels.HOSTNAME, Set.of()))).build());
        }

        Plan plan = strategy.plan(input(pods, generalTypes(), pool("default")).build());

        assertThat(plan.nodeClaims()).singleElement().extracting(PlannedNodeClaim::pods).asList().hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenZonalAntiAffinity_placesAtMostOnePodPerZone(PlacementStrategy strategy) {
        Map<String, String> labels = Map.of("app", "quorum");
        List<Pod> pods = new ArrayList<>();
        for (Pod p : pods("quorum", 4, 500, 1, labels)) {
            pods.add(p.toBuilder().podAntiAffinity(List.of(new PodAffinityTerm(Requirements.fromLabels(labels), WellKnownLabels.ZONE, Set.of()))).build());
        }

        Plan plan = strategy.plan(input(pods, generalTypes(), pool("default")).build());

        Set<String> zones = new HashSet<>();
        for (PlannedNodeClaim claim : plan.nodeClaims()) {
            assertThat(claim.pods()).hasSize(1);
            assertThat(claim.zones()).allSatisfy(z -> assertThat(zones.add(z)).as("zone %s used twice", z).isTrue());
        }
        assertThat(plan.placedPodCount() + plan.unschedulable().size()).isEqualTo(4);
        assertThat(plan.placedPodCount()).isBetween(1, 3);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenSpreadOverCapacityTypes_splitsSpotAndOnDemand(PlacementStrategy strategy) {
        Map<String, String> labels = Map.of("app", "web");
        List<Pod> pods = new ArrayList<>();
        for (Pod p : pods("web", 6, 1500, 2, labels)) {
            pods.add(p.toBuilder().topologySpread(List.of(Fixtures.spread(WellKnownLabels.CAPACITY_TYPE, 1, true, labels))).build());
        }

        Plan plan = strategy.plan(input(pods, generalTypes(), pool("default", spotAndOnDemand())).build());

        Map<CapacityType, Integer> perType = new HashMap<>();
        plan.nodeClaims().forEach(c -> perType.merge(c.capacityType(), c.pods().size(), Integer::sum));
        assertThat(perType).containsEntry(CapacityType.SPOT, 3).containsEntry(CapacityType.ON_DEMAND, 3);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenAScheduleAnywaySpreadCannotBeMet_relaxesIt(PlacementStrategy strategy) {
        Map<String, String> labels = Map.of("app", "web");
        List<Pod> pods = new ArrayList<>();
        for (Pod p : pods("web", 3, 500, 1, labels)) {
            pods.add(p.toBuilder().nodeSelector(Map.of(WellKnownLabels.ZONE, "us-east-1a"))
                    .topologySpread(List.of(Fixtures.spread(WellKnownLabels.HOSTNAME, 1, false, labels))).build());
        }
        var oneNode = pool("default", 0, Resources.builder().set("nodes", 1).build(), List.of());

        Plan plan = strategy.plan(input(pods, generalTypes(), oneNode).build());

        assertThat(plan.unschedulable()).isEmpty();
        assertThat(plan.nodeClaims()).singleElement().extracting(PlannedNodeClaim::pods).asList().hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenADoNotScheduleSpreadCannotBeMet_leavesPodsUnschedulable(PlacementStrategy strategy) {
        Map<String, String> labels = Map.of("app", "web");
        List<Pod> pods = new ArrayList<>();
        for (Pod p : pods("web", 3, 500, 1, labels)) {
            pods.add(p.toBuilder().topologySpread(List.of(Fixtures.spread(WellKnownLabels.HOSTNAME, 1, true, labels))).build());
        }
        var oneNode = pool("default", 0, Resources.builder().set("nodes", 1).build(), List.of());

        Plan plan = strategy.plan(input(pods, generalTypes(), oneNode).build());

        assertThat(plan.nodeClaims()).singleElement().extracting(PlannedNodeClaim::pods).asList().hasSize(1);
        assertThat(plan.unschedulable()).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenOnlyAPreferNoScheduleTaintedNodePoolExists_toleratesItAsALastResort(PlacementStrategy strategy) {
        Taint soft = new Taint("spot-only", "true", Taint.PREFER_NO_SCHEDULE);

        Plan plan = strategy.plan(input(List.of(pod("web", 500, 1).build()), generalTypes(), pool("soft", 0, Resources.NONE, List.of(soft))).build());

        assertThat(plan.nodeClaims()).singleElement().extracting(PlannedNodeClaim::nodePool).isEqualTo("soft");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenAPodSelectsANodePoolLabel_usesThatNodePool(PlacementStrategy strategy) {
        var team = new dev.spotter.config.NodePool("team-a", "default", Map.of("team", "a"), Map.of(), Requirements.NONE, List.of(),
                List.of(), null, null, dev.spotter.config.Disruption.DEFAULT, Resources.NONE, 0);
        var other = pool("general", 50, Resources.NONE, List.of());
        Pod teamPod = pod("svc", 500, 1).nodeSelector(Map.of("team", "a")).build();
        Pod unknownTeam = pod("lost", 500, 1).nodeSelector(Map.of("team", "b")).build();

        Plan plan = strategy.plan(input(List.of(teamPod, unknownTeam), generalTypes(), team, other).build());

        assertThat(claimOf(plan, "default/svc").nodePool()).isEqualTo("team-a");
        assertThat(plan.unschedulable()).singleElement().extracting(UnschedulablePod::pod).isEqualTo("default/lost");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void plan_whenALimitIsSet_neverChargesMoreThanItToTheLargestCandidates(PlacementStrategy strategy) {
        var limited = pool("default", 0, Resources.builder().cpuMillis(20_000).build(), List.of());

        Plan plan = strategy.plan(input(pods("web", 12, 1500, 2, Map.of()), generalTypes(), limited).build());

        Map<String, Long> vcpus = new HashMap<>();
        generalTypes().forEach(t -> vcpus.put(t.name(), t.capacity().cpuMillis()));
        long charged = plan.nodeClaims().stream().mapToLong(c -> c.instanceTypes().stream().mapToLong(vcpus::get).max().orElseThrow()).sum();
        assertThat(charged).isLessThanOrEqualTo(20_000);
        assertThat(plan.nodeClaims()).isNotEmpty();
    }

    // ---------------------------------------------------------------- helpers

    static ExistingNode existingNode(String name, String zone, long cpuMillis, long memoryGi, List<Pod> pods) {
        return existingNode(name, zone, cpuMillis, memoryGi, pods, Map.of());
    }

    static ExistingNode existingNode(String name, String zone, long cpuMillis, long memoryGi, List<Pod> pods, Map<String, String> extraLabels) {
        Map<String, String> labels = new HashMap<>(extraLabels);
        labels.put(WellKnownLabels.ZONE, zone);
        labels.put(WellKnownLabels.HOSTNAME, name);
        labels.put(WellKnownLabels.ARCH, "amd64");
        labels.put(WellKnownLabels.CAPACITY_TYPE, "on-demand");
        Resources capacity = Resources.builder().cpuMillis(cpuMillis).memoryBytes(memoryGi * GI).pods(110).build();
        Node node = new Node(name, labels, Map.of(), List.of(), capacity, capacity, "aws:///" + zone + "/i-0", true, false, Instant.EPOCH);
        return new ExistingNode(node, pods);
    }

    static PlannedNodeClaim claimOf(Plan plan, String pod) {
        return plan.nodeClaims().stream().filter(c -> c.pods().contains(pod)).findFirst().orElseThrow();
    }

    static Map<String, Integer> podsPerZone(Plan plan) {
        Map<String, Integer> perZone = new HashMap<>();
        for (PlannedNodeClaim claim : plan.nodeClaims()) {
            assertThat(claim.zones()).hasSize(1);
            perZone.merge(claim.zones().get(0), claim.pods().size(), Integer::sum);
        }
        return perZone;
    }
}
