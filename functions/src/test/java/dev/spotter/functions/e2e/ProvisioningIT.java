package dev.spotter.functions.e2e;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.spotter.functions.provisioner.ProvisionerHandler;
import dev.spotter.functions.provisioner.ProvisioningReports;
import dev.spotter.functions.runtime.LambdaEvents;
import dev.spotter.functions.runtime.RecordingSpotterMetrics;
import dev.spotter.functions.runtime.TestContext;
import dev.spotter.functions.webhook.PendingPodWebhookHandler;
import dev.spotter.functions.webhook.WebhookSettings;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.testing.Races;
import dev.spotter.testing.SqsTestServer;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** From a provisioning signal (or the webhook's) to a launched NodeClaim: moto (DynamoDB, EC2, SSM), the mock API server. */
class ProvisioningIT {
    private final Testbed bed = new Testbed();

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void provisioningSignal_whenAPodIsPending_launchesOneNodeClaimTaggedForItAndNominatesThePod() {
        bed.unschedulablePod("shop", "web-1", "500m");

        SQSBatchResponse response = bed.provisioner().handleRequest(LambdaEvents.sqs("sqs/provisioning-signal.json"),
                new TestContext("req-1"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        NodeClaim claim = launchedClaim();
        assertThat(claim.pods()).containsExactly("shop/web-1");
        assertThat(claim.instanceId()).startsWith("i-");
        assertThat(claim.providerId()).isEqualTo("aws:///" + claim.zone() + "/" + claim.instanceId());
        assertThat(claim.zone()).isIn("us-east-1a", "us-east-1b");
        Instance instance = bed.instance(claim.instanceId());
        assertThat(instance.instanceTypeAsString()).isEqualTo(claim.instanceType());
        assertThat(instance.state().nameAsString()).isIn("pending", "running");
        assertThat(Testbed.tags(instance))
                .containsEntry("kubernetes.io/cluster/" + bed.cluster, "owned")
                .containsEntry("karpenter.sh/nodepool", "default")
                .containsEntry("karpenter.sh/nodeclaim", claim.name())
                .containsEntry("karpenter.k8s.aws/ec2nodeclass", "default")
                .containsEntry("spotter.dev/managed-by", "spotter");
        assertThat(bed.events("shop")).singleElement().satisfies(event -> {
            assertThat(event.getReason()).isEqualTo("Nominated");
            assertThat(event.getInvolvedObject().getName()).isEqualTo("web-1");
            assertThat(event.getMessage()).isEqualTo("Pod should schedule on: nodeclaim/" + claim.name());
        });
        assertThat(bed.metrics.total("ProvisioningPasses")).isEqualTo(1);
        assertThat(bed.metrics.total(ProvisioningReports.LAUNCHES_SPOT) + bed.metrics.total(ProvisioningReports.LAUNCHES_ON_DEMAND))
                .isEqualTo(1);
    }

    @Test
    void provisioningSignal_deliveredAgain_launchesNothingMore() {
        bed.unschedulablePod("shop", "web-1", "500m");
        SQSEvent signal = LambdaEvents.sqs("sqs/provisioning-signal.json");
        bed.provisioner().handleRequest(signal, new TestContext("req-1"));
        NodeClaim first = launchedClaim();

        SQSBatchResponse again = bed.provisioner().handleRequest(signal, new TestContext("req-2"));

        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(bed.activeClaims()).containsExactly(first);
        assertThat(bed.instances()).hasSize(1);
        assertThat(bed.events("shop")).hasSize(1);
    }

    @Test
    void twoProvisioners_runningAtOnce_launchOnce() throws Exception {
        bed.unschedulablePod("shop", "web-1", "500m");
        bed.unschedulablePod("shop", "web-2", "700m");
        List<ProvisionerHandler> provisioners = List.of(
                new ProvisionerHandler(bed.runtime()),
                new ProvisionerHandler(bed.runtime()));

        List<SQSBatchResponse> responses = Races.runTogether(List.<Callable<SQSBatchResponse>>of(
                () -> provisioners.get(0).handleRequest(LambdaEvents.sqs("sqs/provisioning-signal.json"), new TestContext("req-a")),
                () -> provisioners.get(1).handleRequest(LambdaEvents.sqs("sqs/provisioning-signal.json"), new TestContext("req-b"))));

        assertThat(responses).allSatisfy(response -> assertThat(response.getBatchItemFailures()).isEmpty());
        List<Instance> instances = bed.instances();
        List<NodeClaim> claims = bed.activeClaims();
        assertThat(claims).flatExtracting(NodeClaim::pods).containsExactlyInAnyOrder("shop/web-1", "shop/web-2");
        assertThat(instances).hasSameSizeAs(claims);
        assertThat(claims).extracting(NodeClaim::instanceId)
                .containsExactlyInAnyOrderElementsOf(instances.stream().map(Instance::instanceId).toList());
        assertThat(bed.metrics.total("ProvisioningPasses") + bed.metrics.total("ProvisioningPassesSkipped")).isEqualTo(2);
    }

    @Test
    void webhook_thenQueue_thenProvisioner_launchesForTheCreatedPod() {
        bed.unschedulablePod("shop", "checkout-7d4b9c8f6-x2x9k", "500m");
        PendingPodWebhookHandler webhook = new PendingPodWebhookHandler(
                new WebhookSettings("3f1c0e9a8b7d4c2e9f6a1b0c8d7e6f5a", bed.provisioningQueueUrl, Duration.ZERO),
                bed.runtime.provisioningQueue(), new RecordingSpotterMetrics(), bed.clock);

        APIGatewayV2HTTPResponse answer = webhook.handleRequest(LambdaEvents.functionUrl("webhook/admission-pod-create.json"), null);
        List<Message> received = SqsTestServer.client().receiveMessage(r -> r.queueUrl(bed.provisioningQueueUrl)
                .maxNumberOfMessages(10).waitTimeSeconds(5)).messages();
        SQSBatchResponse response = bed.provisioner().handleRequest(Testbed.asLambdaEvent(received, bed.provisioningQueueUrl), new TestContext("req-1"));

        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(answer.getBody()).contains("\"allowed\":true");
        assertThat(received).singleElement().satisfies(m -> assertThat(m.body()).contains("\"reason\":\"pod-created\""));
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(launchedClaim().pods()).containsExactly("shop/checkout-7d4b9c8f6-x2x9k");
        List<Event> events = bed.events("shop");
        assertThat(events).extracting(Event::getReason).containsExactly("Nominated");
    }

    @Test
    void provisioningSignal_whenMalformed_isReportedAloneAndTheOthersStillProvision() {
        bed.unschedulablePod("shop", "web-1", "500m");
        SQSEvent batch = LambdaEvents.sqs("sqs/provisioning-signal.json");
        SQSEvent.SQSMessage poison = new SQSEvent.SQSMessage();
        poison.setMessageId("poison-1");
        poison.setBody("{\"reason\":");
        batch.setRecords(List.of(batch.getRecords().get(0), poison));

        SQSBatchResponse response = bed.provisioner().handleRequest(batch, new TestContext("req-1"));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("poison-1");
        assertThat(launchedClaim().pods()).containsExactly("shop/web-1");
        assertThat(bed.metrics.total("ProvisioningSignalsMalformed")).isEqualTo(1);
    }

    private NodeClaim launchedClaim() {
        List<NodeClaim> claims = bed.activeClaims();
        assertThat(claims).hasSize(1);
        NodeClaim claim = claims.get(0);
        assertThat(claim.phase()).isEqualTo(Phase.LAUNCHED);
        return claim;
    }
}
