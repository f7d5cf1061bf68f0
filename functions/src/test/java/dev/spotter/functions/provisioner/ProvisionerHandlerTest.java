package dev.spotter.functions.provisioner;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.spotter.functions.runtime.Environment;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.ProvisioningSignal;
import dev.spotter.functions.runtime.RecordingProvisioningQueue;
import dev.spotter.functions.runtime.RecordingSpotterMetrics;
import dev.spotter.functions.wiring.SpotterRuntime;
import dev.spotter.functions.wiring.SpotterSettings;
import dev.spotter.inmemory.InMemoryNodeClaimStore;
import dev.spotter.inmemory.InMemoryProvisioningLease;
import dev.spotter.inmemory.InMemoryUnavailableOfferings;
import dev.spotter.inmemory.RecordingCloudProvider;
import dev.spotter.inmemory.RecordingClusterApi;
import dev.spotter.interruption.RebalanceMode;
import dev.spotter.testing.MutableClock;
import dev.spotter.testing.Orchestration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The provisioner handler on the in-memory ports: one pass per batch, and no wake-up lost to a held lease. */
class ProvisionerHandlerTest {
    private static final String CLUSTER = "demo";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-11-03T14:00:00Z"));
    private final InMemoryProvisioningLease lease = new InMemoryProvisioningLease();
    private final RecordingClusterApi cluster = new RecordingClusterApi();
    private final RecordingCloudProvider cloud = new RecordingCloudProvider(clock);
    private final RecordingProvisioningQueue queue = new RecordingProvisioningQueue();

    private ProvisionerHandler handler() {
        return new ProvisionerHandler(SpotterRuntime.builder(new Environment(Map.of())).clock(clock)
                .settings(new SpotterSettings(CLUSTER, Orchestration.config(CLUSTER), false, RebalanceMode.REPLACE))
                .claims(new InMemoryNodeClaimStore()).lease(lease).unavailable(new InMemoryUnavailableOfferings())
                .cloud(cloud).clusterApi(cluster).clusterInfo(Orchestration.clusterInfo(CLUSTER))
                .instanceTypes(Orchestration.instanceTypes()).metrics(new RecordingSpotterMetrics())
                .provisioningQueue(queue).build());
    }

    @Test
    void signal_whenTheLeaseIsHeld_ringsAgainShortlyInsteadOfBeingLost() {
        // regression: a signal that found the lease held was acknowledged and deleted; its pod waited for a tick
        cluster.pod(Orchestration.pendingPod("shop", "web-1", 500));
        lease.tryAcquire(CLUSTER, "a-tick", Duration.ofMinutes(2), clock.instant());

        SQSBatchResponse response = handler().handleRequest(batch(signal("shop/web-1")), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(queue.sent()).singleElement().satisfies(sent -> {
            assertThat(sent.delay()).isEqualTo(ProvisionerHandler.LEASE_HELD_RETRY);
            assertThat(sent.signal().reason()).isEqualTo(ProvisionerHandler.LEASE_HELD);
        });
        assertThat(cloud.launches()).isEmpty();
    }

    @Test
    void signal_whenTheLeaseIsHeldAndTheQueueFails_isReportedFailedToComeBack() {
        cluster.pod(Orchestration.pendingPod("shop", "web-1", 500));
        lease.tryAcquire(CLUSTER, "a-tick", Duration.ofMinutes(2), clock.instant());
        queue.failWith(new IllegalStateException("SQS unreachable"));

        SQSBatchResponse response = handler().handleRequest(batch(signal("shop/web-1")), null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-0");
    }

    @Test
    void signal_whenTheLeaseIsFree_launchesAndRingsNothing() {
        cluster.pod(Orchestration.pendingPod("shop", "web-1", 500));

        SQSBatchResponse response = handler().handleRequest(batch(signal("shop/web-1"), "not json"), null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-1");
        assertThat(cloud.launches()).hasSize(1);
        assertThat(queue.sent()).isEmpty();
    }

    private String signal(String pod) {
        return new ProvisioningSignal(ProvisioningSignal.POD_CREATED, pod, clock.instant()).toJson(Json.MAPPER);
    }

    private static SQSEvent batch(String... bodies) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> messages = new java.util.ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("m-" + i);
            message.setBody(bodies[i]);
            messages.add(message);
        }
        event.setRecords(messages);
        return event;
    }
}
