package dev.spotter.sim;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cloud.CloudInstance;
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
        String budget = """
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: app, namespace: web}
                spec:
                  minAvailable: 5
                  selector: {matchLabels: {app: web}}
                """;
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
}
