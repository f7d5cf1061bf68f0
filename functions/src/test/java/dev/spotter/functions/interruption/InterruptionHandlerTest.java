package dev.spotter.functions.interruption;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.spotter.catalog.CapacityType;
import dev.spotter.functions.runtime.Environment;
import dev.spotter.functions.runtime.LambdaEvents;
import dev.spotter.functions.runtime.RecordingProvisioningQueue;
import dev.spotter.functions.runtime.RecordingSpotterMetrics;
import dev.spotter.functions.runtime.TestContext;
import dev.spotter.functions.wiring.SpotterRuntime;
import dev.spotter.functions.wiring.SpotterSettings;
import dev.spotter.interruption.RebalanceMode;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.testing.MutableClock;
import dev.spotter.testing.Orchestration;
import dev.spotter.inmemory.InMemoryNodeClaimStore;
import dev.spotter.inmemory.InMemoryProvisioningLease;
import dev.spotter.inmemory.InMemoryUnavailableOfferings;
import dev.spotter.inmemory.RecordingCloudProvider;
import dev.spotter.inmemory.RecordingClusterApi;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The interruption handler on in-memory fakes: what it does around the executor (provisioning, evictions, dry run). */
class InterruptionHandlerTest {
    private static final String CLUSTER = "demo";
    private static final Instant NOW = Instant.parse("2025-11-03T14:05:12Z");
    private static final String INSTANCE = "i-1234567890abcdef0";
    private static final String NODE = "ip-10-0-1-17.ec2.internal";

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryNodeClaimStore claims = new InMemoryNodeClaimStore();
    private final InMemoryProvisioningLease lease = new InMemoryProvisioningLease();
    private final InMemoryUnavailableOfferings unavailable = new InMemoryUnavailableOfferings();
    private final RecordingClusterApi cluster = new RecordingClusterApi();
    private final RecordingCloudProvider cloud = new RecordingCloudProvider(clock);
    private final RecordingSpotterMetrics metrics = new RecordingSpotterMetrics();
    private final RecordingProvisioningQueue queue = new RecordingProvisioningQueue();

    private InterruptionHandler handler(boolean dryRun) {
        claims.seed(NodeClaim.builder().name("default-abc").cluster(CLUSTER).nodePool("default").nodeClass("default")
                .capacityType(CapacityType.SPOT).instanceTypes(List.of("m5.large")).zones(List.of("us-east-1a"))
                .zone("us-east-1a").instanceType("m5.large").instanceId(INSTANCE).nodeName(NODE)
                .pods(List.of("shop/web-1")).phase(Phase.INITIALIZED).version(2).createdAt(NOW.minusSeconds(3600)).build());
        cluster.node(Orchestration.node(NODE, INSTANCE, true)).pod(Orchestration.boundPod("shop", "web-1", 500, NODE));
        return new InterruptionHandler(SpotterRuntime.builder(new Environment(Map.of())).clock(clock)
                .settings(new SpotterSettings(CLUSTER, Orchestration.config(CLUSTER), dryRun, RebalanceMode.REPLACE))
                .claims(claims).lease(lease).unavailable(unavailable).cloud(cloud).clusterApi(cluster)
                .clusterInfo(Orchestration.clusterInfo(CLUSTER)).instanceTypes(Orchestration.instanceTypes())
                .metrics(metrics).provisioningQueue(queue).build());
    }

    @Test
    void unknownInstance_whenNoClusterOrCloudIsReachable_isANoOpThatBuildsNeither() {
        // no clusterApi or cloud given: building either would describe an EKS cluster that does not exist and fail
        InterruptionHandler handler = new InterruptionHandler(SpotterRuntime.builder(new Environment(Map.of()))
                .clock(clock).settings(new SpotterSettings(CLUSTER, Orchestration.config(CLUSTER), false, RebalanceMode.REPLACE))
                .claims(claims).lease(lease).unavailable(unavailable).metrics(metrics).provisioningQueue(queue).build());

        SQSBatchResponse response = handler.handleRequest(LambdaEvents.sqs("sqs/rebalance-recommendation.json"),
                new TestContext("req-0"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(metrics.total("InterruptionRebalanceRecommendation")).isEqualTo(1);
        assertThat(queue.sent()).isEmpty();
    }

    @Test
    void spotInterruption_plansTheReplacementWhileThePodIsStillOnTheNodeThenEvictsIt() {
        SQSBatchResponse response = handler(false).handleRequest(LambdaEvents.sqs("sqs/spot-interruption.json"),
                new TestContext("req-1"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(cloud.launches()).singleElement().satisfies(request ->
                assertThat(request.claim().pods()).containsExactly("shop/web-1"));
        List<String> writes = cluster.writes();
        assertThat(writes).containsSubsequence("taintNode " + NODE + " karpenter.sh/disrupted:NoSchedule",
                "cordonNode " + NODE, "recordEvent POD web-1 Nominated", "evictPod shop/web-1 EVICTED");
        assertThat(queue.sent()).isEmpty();
        assertThat(metrics.total("InterruptionSpotInterruption")).isEqualTo(1);
    }

    @Test
    void spotInterruption_whenAnotherProvisionerHoldsTheLease_ringsItsDoorbellAtOnce() {
        InterruptionHandler handler = handler(false);
        lease.tryAcquire(CLUSTER, "busy-provisioner", Duration.ofMinutes(2), NOW);

        handler.handleRequest(LambdaEvents.sqs("sqs/spot-interruption.json"), new TestContext("req-1"));

        assertThat(cloud.launches()).isEmpty();
        assertThat(queue.sent()).singleElement().satisfies(sent -> {
            assertThat(sent.delay()).isZero();
            assertThat(sent.signal().reason()).isEqualTo("interruption");
        });
        assertThat(cluster.calls("evictPod")).as("the drain goes on").containsExactly("evictPod shop/web-1 EVICTED");
    }

    @Test
    void spotInterruption_whenDryRun_changesNothing() {
        SQSBatchResponse response = handler(true).handleRequest(LambdaEvents.sqs("sqs/spot-interruption.json"),
                new TestContext("req-1"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(cluster.writes()).isEmpty();
        assertThat(cloud.calls()).isEmpty();
        assertThat(claims.calls()).allMatch(call -> call.startsWith("findByInstanceId"));
        assertThat(unavailable.calls()).isEmpty();
    }

    @Test
    void message_whenActingOnItFails_isReportedAloneForARetry() {
        InterruptionHandler handler = handler(false);
        claims.failNext("update", new IllegalStateException("DynamoDB throttled"));
        SQSEvent batch = LambdaEvents.sqs("sqs/batch-with-poison.json");

        SQSBatchResponse response = handler.handleRequest(batch, new TestContext("req-1"));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(batch.getRecords().get(0).getMessageId(), batch.getRecords().get(1).getMessageId());
        assertThat(metrics.total("SqsMessagesFailed")).isEqualTo(1);
        assertThat(metrics.total("SqsMessagesUnparseable")).isEqualTo(1);
    }
}
