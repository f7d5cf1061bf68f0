package dev.spotter.functions.interruption;

import dev.spotter.model.Taint;
import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cloud.CloudInstance;
import dev.spotter.cloud.InstanceState;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.Samples;
import dev.spotter.functions.tick.NodeClaimRetirement;
import dev.spotter.interruption.InterruptionAction;
import dev.spotter.interruption.InterruptionEvent;
import dev.spotter.interruption.InterruptionParsers;
import dev.spotter.interruption.InterruptionPolicy;
import dev.spotter.interruption.InterruptionStep;
import dev.spotter.interruption.RebalanceMode;
import dev.spotter.lifecycle.LifecyclePlanner;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.testing.MutableClock;
import dev.spotter.testing.Orchestration;
import dev.spotter.inmemory.InMemoryNodeClaimStore;
import dev.spotter.inmemory.InMemoryUnavailableOfferings;
import dev.spotter.inmemory.RecordingCloudProvider;
import dev.spotter.inmemory.RecordingClusterApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InterruptionExecutorTest {
    private static final String CLUSTER = "demo";
    private static final Instant NOW = Instant.parse("2025-11-03T14:05:12Z");
    /** The instance the samples in events/eventbridge/ name. */
    private static final String INSTANCE = "i-1234567890abcdef0";
    private static final String NODE = "ip-10-0-1-17.ec2.internal";
    private static final InterruptionParsers PARSERS = InterruptionParsers.defaults(Json.MAPPER);

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryNodeClaimStore claims = new InMemoryNodeClaimStore();
    private final InMemoryUnavailableOfferings unavailable = new InMemoryUnavailableOfferings();
    private final RecordingClusterApi cluster = new RecordingClusterApi();
    private final RecordingCloudProvider cloud = new RecordingCloudProvider(clock);
    private final NodeClaimRetirement retirement = new NodeClaimRetirement(cluster, cloud, claims, clock, Duration.ofHours(1));
    private final InterruptionExecutor executor = new InterruptionExecutor(claims, unavailable, retirement, clock);

    @BeforeEach
    void aNodeWithPods() {
        cluster.node(Orchestration.node(NODE, INSTANCE, true))
                .pod(Orchestration.boundPod("shop", "web-1", 500, NODE))
                .pod(Orchestration.boundPod("shop", "web-2", 500, NODE))
                .pod(Orchestration.daemonPod("aws-node-x1", NODE));
        cloud.instance(CLUSTER, new CloudInstance(INSTANCE, "m5.large", "us-east-1a", CapacityType.SPOT,
                InstanceState.RUNNING, NOW.minusSeconds(3600), NODE, Map.of("karpenter.sh/nodeclaim", "default-abc")));
        claims.seed(NodeClaim.builder().name("default-abc").cluster(CLUSTER).nodePool("default").nodeClass("default")
                .capacityType(CapacityType.SPOT).instanceTypes(List.of("m5.large")).zones(List.of("us-east-1a"))
                .zone("us-east-1a").instanceType("m5.large").instanceId(INSTANCE).nodeName(NODE)
                .providerId("aws:///us-east-1a/" + INSTANCE).pods(List.of("shop/web-1", "shop/web-2"))
                .phase(Phase.INITIALIZED).version(4).createdAt(NOW.minusSeconds(3600)).build());
    }

    @Test
    void execute_whenSpotInterruption_marksTheOfferingTaintsCordonsAndDrainsButLeavesEvictionsToTheCaller() {
        InterruptionExecutor.Executed executed = executor.execute(action("eventbridge/spot-interruption.json", RebalanceMode.REPLACE));

        assertThat(executed.provisionNow()).isTrue();
        NodeClaim stored = claim();
        assertThat(executed.drainStarted()).contains(stored);
        assertThat(stored.phase()).isEqualTo(Phase.DRAINING);
        assertThat(stored.condition(LifecyclePlanner.DRAINING)).isPresent();
        assertThat(unavailable.current(NOW)).containsExactly(new OfferingKey(CapacityType.SPOT, "m5.large", "us-east-1a"));
        assertThat(cluster.currentNode(NODE).orElseThrow().taints()).containsExactly(Taint.DISRUPTED);
        assertThat(cluster.currentNode(NODE).orElseThrow().unschedulable()).isTrue();
        assertThat(cluster.writes()).noneMatch(call -> call.startsWith("evictPod") || call.startsWith("deleteNode"));
        assertThat(cloud.calls("terminate")).as("retired by the tick once drained").isEmpty();
        assertThat(cluster.events()).extracting(e -> e.reason()).containsExactly("DisruptionTerminating");
    }

    @Test
    void execute_publishesTheHandledInterruptionWithItsSteps() {
        List<dev.spotter.events.DecisionEvent> published = new java.util.ArrayList<>();
        InterruptionExecutor publishing = new InterruptionExecutor(claims, unavailable, retirement, clock, published::add);

        publishing.execute(action("eventbridge/spot-interruption.json", RebalanceMode.REPLACE));

        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.detailType()).isEqualTo("Interruption Handled");
            assertThat(event.detail()).containsEntry("nodeClaim", claim().name()).containsEntry("kind", "SPOT_INTERRUPTION");
            assertThat(event.detail().get("steps").toString()).contains("MarkOfferingUnavailable").contains("Drain");
        });
    }

    @Test
    void evictNextGroup_afterASpotDrainStarted_evictsTheWorkloadPodsBeforeTheDaemonSetPods() {
        NodeClaim draining = executor.execute(action("eventbridge/spot-interruption.json", RebalanceMode.REPLACE))
                .drainStarted().orElseThrow();

        retirement.evictNextGroup(draining);

        assertThat(cluster.calls("evictPod")).containsExactly("evictPod shop/web-1 EVICTED", "evictPod shop/web-2 EVICTED");
        assertThat(cluster.podKeys()).containsExactly("kube-system/aws-node-x1");
    }

    @Test
    void execute_whenTheSameSpotWarningArrivesTwice_changesNothingMoreTheSecondTime() {
        executor.execute(action("eventbridge/spot-interruption.json", RebalanceMode.REPLACE));
        long version = claim().version();
        cluster.clearCalls();

        InterruptionExecutor.Executed again = executor.execute(action("eventbridge/spot-interruption.json", RebalanceMode.REPLACE));

        assertThat(again.provisionNow()).isFalse();
        assertThat(again.drainStarted()).isEmpty();
        assertThat(claim().version()).isEqualTo(version);
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void execute_whenInstanceIsTerminated_drainsAndLeavesTheRetirementToTheTick() {
        InterruptionAction action = action("eventbridge/state-change-terminated.json", RebalanceMode.REPLACE, "i-0abcd1111aaaa2222");

        InterruptionExecutor.Executed executed = executor.execute(action);

        assertThat(executed.provisionNow()).isFalse();
        assertThat(executed.drainStarted()).isPresent();
        assertThat(claim().phase()).isEqualTo(Phase.DRAINING);
        assertThat(cloud.calls("terminate")).isEmpty();
        assertThat(unavailable.current(NOW)).isEmpty();
    }

    @Test
    void execute_whenRetireComesWithoutDrain_terminatesDeletesTheNodeAndTombstonesTheClaim() {
        InterruptionEvent event = PARSERS.parse(Samples.read("eventbridge/scheduled-change.json"));
        InterruptionAction retire = new InterruptionAction(INSTANCE, event, claim(), List.of(new InterruptionStep.Retire()),
                "retire at once");

        InterruptionExecutor.Executed executed = executor.execute(retire);

        assertThat(executed.drainStarted()).isEmpty();
        assertThat(cloud.calls("terminate")).containsExactly("terminate " + INSTANCE);
        assertThat(cloud.instance(INSTANCE).orElseThrow().state()).isEqualTo(InstanceState.TERMINATED);
        assertThat(cluster.currentNode(NODE)).isEmpty();
        NodeClaim tombstone = claims.all().get(0);
        assertThat(tombstone.phase()).isEqualTo(Phase.TERMINATED);
        assertThat(tombstone.tombstoneExpiry()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void execute_whenRebalanceRecommendedInReplaceMode_requestsAReplacementOnceAndTaintsTheNode() {
        InterruptionExecutor.Executed first = executor.execute(action("eventbridge/rebalance-recommendation.json", RebalanceMode.REPLACE));
        long version = claim().version();
        InterruptionExecutor.Executed second = executor.execute(action("eventbridge/rebalance-recommendation.json", RebalanceMode.REPLACE));

        assertThat(first.provisionNow()).isTrue();
        assertThat(second.provisionNow()).isTrue();
        assertThat(first.drainStarted()).as("the drain waits for the replacement").isEmpty();
        NodeClaim stored = claim();
        assertThat(stored.phase()).isEqualTo(Phase.INITIALIZED);
        assertThat(stored.condition(LifecyclePlanner.REPLACEMENT_REQUESTED)).isPresent()
                .hasValueSatisfying(c -> assertThat(c.lastTransitionTime()).isEqualTo(NOW));
        assertThat(stored.version()).as("the second recommendation writes nothing").isEqualTo(version);
        assertThat(cluster.currentNode(NODE).orElseThrow().taints()).containsExactly(Taint.DISRUPTED);
        assertThat(cluster.currentNode(NODE).orElseThrow().unschedulable()).isFalse();
    }

    @Test
    void execute_whenRebalanceModeIsOff_doesNothing() {
        InterruptionExecutor.Executed executed = executor.execute(action("eventbridge/rebalance-recommendation.json", RebalanceMode.OFF));

        assertThat(executed).isEqualTo(InterruptionExecutor.Executed.NOTHING);
        assertThat(claims.calls("update")).isEmpty();
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void execute_whenNoClaimOwnsTheInstance_doesNothing() {
        InterruptionEvent event = PARSERS.parse(Samples.read("eventbridge/spot-interruption.json"));
        InterruptionAction action = new InterruptionPolicy(RebalanceMode.REPLACE).decide(event, Map.of()).get(0);

        InterruptionExecutor.Executed executed = executor.execute(action);

        assertThat(executed.provisionNow()).isFalse();
        assertThat(unavailable.calls()).isEmpty();
        assertThat(claims.calls()).isEmpty();
        assertThat(cluster.writes()).isEmpty();
        assertThat(cloud.calls()).isEmpty();
    }

    @Test
    void execute_whenTheNodeIsAlreadyGone_stillMovesTheClaimToDraining() {
        cluster.deleteNode(NODE);
        NodeClaim unregistered = claims.update(claim().toBuilder().nodeName(null).phase(Phase.LAUNCHED).build(), NOW);

        InterruptionExecutor.Executed executed = executor.execute(new InterruptionPolicy(RebalanceMode.REPLACE)
                .decide(PARSERS.parse(Samples.read("eventbridge/spot-interruption.json")), Map.of(INSTANCE, unregistered)).get(0));

        assertThat(executed.provisionNow()).isTrue();
        assertThat(claim().phase()).isEqualTo(Phase.DRAINING);
        assertThat(cluster.calls("taintNode")).isEmpty();
    }

    private NodeClaim claim() {
        return claims.all().get(0);
    }

    private InterruptionAction action(String sample, RebalanceMode mode) {
        return action(sample, mode, INSTANCE);
    }

    /** The sample's action for the claim, as the handler decides it; {@code instanceId} is the one the sample names. */
    private InterruptionAction action(String sample, RebalanceMode mode, String instanceId) {
        InterruptionEvent event = PARSERS.parse(Samples.read(sample));
        assertThat(event.instanceIds()).containsExactly(instanceId);
        return new InterruptionPolicy(mode).decide(event, Map.of(instanceId, claim())).get(0);
    }
}
