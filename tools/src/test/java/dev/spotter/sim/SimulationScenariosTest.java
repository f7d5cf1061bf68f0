package dev.spotter.sim;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cloud.CloudInstance;
import dev.spotter.disruption.DisruptionPlanner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The control plane in virtual time, one behaviour at a time, on small workloads. */
class SimulationScenariosTest {
    private static final SpotAdvisorBands BANDS = SpotAdvisorBands.shipped();

    @Test
    void aPodArrivingIsBoundOnceItsNodeHasBootedAndBecomeReady() {
        SimulationSettings settings = SimFixtures.settings(SimFixtures.config("spot", "m5.large"),
                SimFixtures.deployment(1, "500m", ""), Duration.ofMinutes(20), 1, 0, Optional.empty(), Map.of());
        StrategyRun run = new StrategyRun(Strategy.SPOTTER, settings, BANDS);
        StrategyResult result = run.run(() -> { });

        Duration ready = BootDelays.DEFAULT.untilReady("m5.large");
        assertThat(result.podsBound()).isEqualTo(1);
        assertThat(result.nodesLaunched()).isEqualTo(1);
        // the webhook's 5 s delay and the provisioner's 5 s batching window come before the launch; the binder's round after
        assertThat(result.podWaitSeconds().get("max")).isBetween((double) ready.toSeconds(),
                (double) ready.plusSeconds(20).toSeconds());
        assertThat(result.unschedulablePods()).isZero();
    }

    @Test
    void aSpotInterruptionLeadsToAReplacementAndThePodsAreBoundAgain() {
        SimulationSettings settings = SimFixtures.settings(SimFixtures.config("spot", "m5.large"),
                SimFixtures.deployment(3, "1", ""), Duration.ofHours(1), 3, 0,
                Optional.of(new SimulationSettings.Storm(Duration.ofMinutes(20), 1.0)), Map.of());
        StrategyRun run = new StrategyRun(Strategy.SPOTTER, settings, BANDS);
        StrategyResult result = run.run(() -> { });

        assertThat(result.interruptions()).isPositive();
        assertThat(result.nodesTerminated()).isGreaterThanOrEqualTo(result.interruptions());
        assertThat(result.nodesLaunched()).isGreaterThan(result.interruptions());
        @SuppressWarnings("unchecked")
        Map<String, Object> storm = (Map<String, Object>) result.extra().get("storm");
        assertThat((int) storm.get("displacedPods")).isEqualTo(3);
        assertThat(storm.get("secondsUntilAllRebound")).isNotNull();
        // every replacement was Ready before its predecessor's two minutes ran out
        assertThat(result.replacementsReadyBeforeTermination()).isEqualTo(result.interruptions());
        assertThat(run.boundPods()).isEqualTo(3);
    }

    @Test
    void insufficientCapacityOnTheCheapestOfferingMovesTheLaunchToTheNext() {
        Map<OfferingKey, Integer> none = new HashMap<>();
        for (String zone : List.of("us-east-1a", "us-east-1b", "us-east-1c")) {
            none.put(new OfferingKey(CapacityType.SPOT, "c5.large", zone), 0);
        }
        SimulationSettings settings = SimFixtures.settings(SimFixtures.config("spot", "c5.large", "m5.large"),
                SimFixtures.deployment(2, "1", ""), Duration.ofMinutes(30), 1, 0, Optional.empty(), none);
        StrategyRun run = new StrategyRun(Strategy.SPOTTER, settings, BANDS);
        StrategyResult result = run.run(() -> { });

        List<CloudInstance> launched = run.instances();
        assertThat(launched).isNotEmpty();
        assertThat(launched).extracting(CloudInstance::instanceType).containsOnly("m5.large");
        // the cheapest offering was asked for first, and refused
        assertThat(run.launchRequests().get(0).offerings().get(0).instanceType()).isEqualTo("c5.large");
        assertThat(result.podsBound()).isEqualTo(2);
    }

    @Test
    void aPodDisruptionBudgetIsNeverViolated() {
        String budget = SimFixtures.budget(5);
        SimulationSettings settings = SimFixtures.settings(SimFixtures.config("spot", "m5.large", "m5.xlarge"),
                SimFixtures.deployment(6, "1", budget), Duration.ofHours(2), 5, 0,
                Optional.of(new SimulationSettings.Storm(Duration.ofMinutes(30), 1.0)), Map.of());
        StrategyRun run = new StrategyRun(Strategy.SPOTTER, settings, BANDS);
        StrategyResult result = run.run(() -> { });

        assertThat(result.interruptions()).isPositive();
        assertThat(result.extra().get("pdbViolations")).isEqualTo(0);
        assertThat((int) result.extra().get("evictionsBlockedByPdb")).isPositive();
        assertThat(run.boundPods()).isEqualTo(6);
    }

    @Test
    void aDeploymentScaledDownLeavesEmptyNodesThatDisruptionRemoves() {
        String disruption = """
                    consolidationPolicy: WhenEmptyOrUnderutilized
                    consolidateAfter: 20m
                    budgets:
                      - nodes: "100%"
                """;
        String scaleDown = SimFixtures.budget(2) + """
                ---
                apiVersion: spotter.dev/v1alpha1
                kind: SimulationSchedule
                metadata: {name: scale-down}
                spec:
                  replicas:
                    - workload: web/app
                      points: [{at: 0s, replicas: 6}, {at: 10m, replicas: 2}]
                """;
        // one 1.5-CPU pod fits an m5.large (2 vCPUs) but two do not: one node per pod
        SimulationSettings settings = SimFixtures.settings(SimFixtures.withDisruption("spot", disruption, "m5.large"),
                SimFixtures.deployment(6, "1500m", scaleDown), Duration.ofMinutes(40), 1, 0, Optional.empty(), Map.of());
        StrategyRun run = new StrategyRun(Strategy.SPOTTER, settings, BANDS);
        StrategyResult result = run.run(() -> { });

        List<Recorder.Sample> samples = result.samples();
        Recorder.Sample beforeScaleDown = lastAt(samples, 10.0 / 60);
        // the disruption snapshot counts consolidateAfter from the newest pod's creation on a node, or for an empty
        // node from the node's creation (it does not see deletions): the nodes, up within two minutes, stay to 20m
        Recorder.Sample beforeConsolidateAfter = lastAt(samples, 20.0 / 60);
        Recorder.Sample atEnd = samples.get(samples.size() - 1);
        assertThat(beforeScaleDown.spotNodes()).isEqualTo(6);
        assertThat(beforeConsolidateAfter.spotNodes()).isEqualTo(6);
        assertThat(atEnd.spotNodes()).isEqualTo(2);
        assertThat(atEnd.spotPerHour()).isLessThan(beforeScaleDown.spotPerHour() / 2);
        // the four nodes went by a disruption command, not by an interruption or the lifecycle
        assertThat(result.extra().get("nodesTerminatedByCause")).isEqualTo(Map.of("consolidation", 4));
        assertThat(result.nodesTerminated()).isEqualTo(4);
        assertThat(result.interruptions()).isZero();
        assertThat(result.extra().get("pdbViolations")).isEqualTo(0);
        assertThat(run.boundPods()).isEqualTo(2);
    }

    @Test
    void eachDynamicStrategyRunsItsOwnDisruptionPlannerAndTheStaticGroupNone() {
        assertThat(Strategy.SPOTTER.disruptionPlanner()).map(DisruptionPlanner::name).contains(DisruptionPlanner.SPOTTER);
        assertThat(Strategy.KARPENTER_STYLE.disruptionPlanner()).map(DisruptionPlanner::name)
                .contains(DisruptionPlanner.KARPENTER);
        assertThat(Strategy.ON_DEMAND_STATIC.disruptionPlanner()).isEmpty();
    }

    /** The last sample taken at or before {@code hours} into the run. */
    private static Recorder.Sample lastAt(List<Recorder.Sample> samples, double hours) {
        return samples.stream().filter(sample -> sample.hours() <= hours + 1e-9).reduce((first, second) -> second)
                .orElseThrow();
    }
}
