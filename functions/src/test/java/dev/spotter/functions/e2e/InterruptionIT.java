package dev.spotter.functions.e2e;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.functions.runtime.LambdaEvents;
import dev.spotter.functions.runtime.SqsBatchProcessor;
import dev.spotter.functions.runtime.TestContext;
import dev.spotter.lifecycle.LifecyclePlanner;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import io.fabric8.kubernetes.api.model.Taint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From an EventBridge event, as the interruption queue delivers it (events/sqs/), to the drain of the node and the
 * launch of its replacement: moto (DynamoDB, EC2, SSM), the mock API server.
 */
class InterruptionIT {
    private static final String NODE = "ip-10-42-1-17.ec2.internal";

    private final Testbed bed = new Testbed();

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void spotInterruption_ofARunningNode_drainsItAndLaunchesAReplacement() {
        NodeClaim running = runningNodeWithPod();
        bed.kube.clearRequests();

        SQSBatchResponse response = bed.interruptions().handleRequest(
                Testbed.sqsEventFor("sqs/spot-interruption.json", running.instanceId()), new TestContext("req-1"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        var node = bed.node(NODE);
        assertThat(node.getSpec().getTaints()).extracting(Taint::getKey, Taint::getEffect)
                .contains(org.assertj.core.groups.Tuple.tuple("karpenter.sh/disrupted", "NoSchedule"));
        assertThat(node.getSpec().getUnschedulable()).isTrue();
        assertThat(bed.podExists("shop", "web-1")).as("evicted").isFalse();
        assertThat(bed.kube.writes()).contains("POST /api/v1/namespaces/shop/pods/web-1/eviction");
        NodeClaim drained = bed.claim(running.name()).orElseThrow();
        assertThat(drained.phase()).isEqualTo(Phase.DRAINING);
        assertThat(drained.condition(LifecyclePlanner.DRAINING)).isPresent();
        assertThat(bed.runtime.unavailable().current(bed.clock.instant()))
                .contains(new OfferingKey(running.capacityType(), running.instanceType(), running.zone()));
        NodeClaim replacement = bed.activeClaims().stream().filter(c -> !c.name().equals(running.name())).findFirst().orElseThrow();
        assertThat(replacement.phase()).isEqualTo(Phase.LAUNCHED);
        assertThat(replacement.pods()).containsExactly("shop/web-1");
        assertThat(replacement.name()).as("the same pods, the next generation of the name").isEqualTo(running.name() + "-r2");
        assertThat(replacement.instanceId()).isNotEqualTo(running.instanceId());
        assertThat(new OfferingKey(replacement.capacityType(), replacement.instanceType(), replacement.zone()))
                .as("not on the offering being reclaimed")
                .isNotEqualTo(new OfferingKey(running.capacityType(), running.instanceType(), running.zone()));
        assertThat(bed.instance(replacement.instanceId()).state().nameAsString()).isIn("pending", "running");
        assertThat(bed.instance(running.instanceId()).state().nameAsString())
                .as("terminated by the tick once drained, not before").isIn("pending", "running");
        assertThat(bed.metrics.total("InterruptionSpotInterruption")).isEqualTo(1);
        int evictionIndex = bed.kube.writes().indexOf("POST /api/v1/namespaces/shop/pods/web-1/eviction");
        assertThat(bed.kube.writes().subList(0, evictionIndex)).as("the replacement is nominated before the pod is evicted")
                .contains("POST /api/v1/namespaces/shop/events");
    }

    @Test
    void spotInterruption_thenTheTick_finishesTheDrainAndRetiresTheNode() {
        NodeClaim running = runningNodeWithPod();
        bed.interruptions().handleRequest(Testbed.sqsEventFor("sqs/spot-interruption.json", running.instanceId()),
                new TestContext("req-1"));

        var report = bed.tick();

        assertThat(report.get("commands")).asString().contains("FinishDrain=1");
        NodeClaim tombstone = bed.claim(running.name()).orElseThrow();
        assertThat(tombstone.phase()).isEqualTo(Phase.TERMINATED);
        assertThat(bed.instance(running.instanceId()).state().nameAsString()).isIn("shutting-down", "terminated");
        assertThat(bed.node(NODE)).isNull();
    }

    @Test
    void spotInterruption_deliveredTwice_changesNothingTheSecondTime() {
        NodeClaim running = runningNodeWithPod();
        var event = Testbed.sqsEventFor("sqs/spot-interruption.json", running.instanceId());
        bed.interruptions().handleRequest(event, new TestContext("req-1"));
        List<NodeClaim> after = bed.activeClaims();
        bed.kube.clearRequests();

        SQSBatchResponse again = bed.interruptions().handleRequest(event, new TestContext("req-2"));

        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(bed.activeClaims()).isEqualTo(after);
        assertThat(bed.instances()).hasSize(2);
        assertThat(bed.kube.writes()).isEmpty();
    }

    @Test
    void unknownEvent_isACountedNoOp() {
        bed.kube.clearRequests();

        SQSBatchResponse response = bed.interruptions().handleRequest(LambdaEvents.sqs("sqs/unknown-kind.json"),
                new TestContext("req-1"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(bed.metrics.total("InterruptionNoOp")).isEqualTo(1);
        assertThat(bed.metrics.total(SqsBatchProcessor.MESSAGES_HANDLED)).isEqualTo(1);
        assertThat(bed.kube.requests()).isEmpty();
        assertThat(bed.instances()).isEmpty();
        assertThat(dev.spotter.testing.DynamoDbTestEndpoint.client().scan(ScanRequest.builder().tableName(bed.table).build()).items())
                .isEmpty();
    }

    @Test
    void batchWithAPoisonMessage_reportsOnlyThatMessageAndActsOnTheOthers() {
        NodeClaim running = runningNodeWithPod();
        // the batch: a spot warning for an instance Spotter does not own, a body that is not JSON, and the running
        // node's instance terminated
        var batch = LambdaEvents.sqs("sqs/batch-with-poison.json");
        batch.getRecords().get(2).setBody(batch.getRecords().get(2).getBody().replace("i-0abcd1111aaaa2222", running.instanceId()));

        SQSBatchResponse response = bed.interruptions().handleRequest(batch, new TestContext("req-1"));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(batch.getRecords().get(1).getMessageId());
        assertThat(bed.metrics.total(SqsBatchProcessor.MESSAGES_UNPARSEABLE)).isEqualTo(1);
        assertThat(bed.metrics.total(SqsBatchProcessor.MESSAGES_HANDLED)).isEqualTo(2);
        assertThat(bed.claim(running.name()).orElseThrow().phase()).isEqualTo(Phase.DRAINING);
        assertThat(bed.node(NODE).getSpec().getUnschedulable()).isTrue();
    }

    @Test
    void rebalanceRecommendation_launchesAReplacementAndDrainsTheNodeOnceTheReplacementIsReady() {
        NodeClaim atRisk = runningNodeWithPod();

        SQSBatchResponse response = bed.interruptions().handleRequest(
                Testbed.sqsEventFor("sqs/rebalance-recommendation.json", atRisk.instanceId()), new TestContext("req-1"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(bed.node(NODE).getSpec().getTaints()).extracting(Taint::getKey).contains("karpenter.sh/disrupted");
        assertThat(bed.podExists("shop", "web-1")).as("not evicted before the replacement is ready").isTrue();
        NodeClaim replacement = bed.claim(atRisk.name() + "-r2").orElseThrow();
        assertThat(replacement.phase()).isEqualTo(Phase.LAUNCHED);
        assertThat(replacement.pods()).containsExactly("shop/web-1");
        assertThat(bed.claim(atRisk.name()).orElseThrow().condition(LifecyclePlanner.REPLACEMENT_REQUESTED)).isPresent();

        String replacementNode = "ip-10-42-2-9.ec2.internal";
        bed.nodeJoins(replacementNode, replacement.instanceId(), replacement.zone(), replacement.instanceType(), true);
        bed.tick();
        bed.tick();
        assertThat(bed.claim(replacement.name()).orElseThrow().phase()).isEqualTo(Phase.INITIALIZED);
        assertThat(bed.claim(atRisk.name()).orElseThrow().phase()).as("waits for the provisioner's minute")
                .isEqualTo(Phase.INITIALIZED);

        bed.clock.advance(java.time.Duration.ofMinutes(1).plusSeconds(1));
        var drainTick = bed.tick();
        var finishTick = bed.tick();

        assertThat(drainTick.get("commands")).isEqualTo(java.util.Map.of("StartDrain", 1));
        assertThat(drainTick.get("launched")).as("the pod fits on the replacement's node").isEqualTo(0);
        assertThat(bed.podExists("shop", "web-1")).isFalse();
        assertThat(finishTick.get("commands")).isEqualTo(java.util.Map.of("FinishDrain", 1));
        assertThat(bed.claim(atRisk.name()).orElseThrow().phase()).isEqualTo(Phase.TERMINATED);
        assertThat(bed.instance(atRisk.instanceId()).state().nameAsString()).isIn("shutting-down", "terminated");
        assertThat(bed.node(NODE)).isNull();
        assertThat(bed.activeClaims()).extracting(NodeClaim::name).containsExactly(replacement.name());
    }

    /** A pod was provisioned for, its node joined and became Ready, and the pod runs there. */
    private NodeClaim runningNodeWithPod() {
        bed.unschedulablePod("shop", "web-1", "500m");
        bed.provisioner().handleRequest(LambdaEvents.sqs("sqs/provisioning-signal.json"), new TestContext("req-0"));
        NodeClaim launched = bed.activeClaims().get(0);
        bed.nodeJoins(NODE, launched.instanceId(), launched.zone(), launched.instanceType(), true);
        bed.podRunsOn("shop", "web-1", NODE);
        bed.tick();
        bed.tick();
        NodeClaim initialized = bed.claim(launched.name()).orElseThrow();
        assertThat(initialized.phase()).isEqualTo(Phase.INITIALIZED);
        return initialized;
    }
}
