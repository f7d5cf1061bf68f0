package dev.spotter.sim;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceTypeResolver;
import dev.spotter.cloud.ClusterInfo;
import dev.spotter.cluster.Pod;
import dev.spotter.functions.interruption.InterruptionHandler;
import dev.spotter.functions.provisioner.InstanceTypeSource;
import dev.spotter.functions.provisioner.ProvisionerHandler;
import dev.spotter.functions.runtime.Environment;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.SpotterMetrics;
import dev.spotter.functions.tick.ReconcileTickHandler;
import dev.spotter.functions.webhook.PendingPodWebhookHandler;
import dev.spotter.functions.webhook.WebhookSettings;
import dev.spotter.functions.wiring.SpotterRuntime;
import dev.spotter.functions.wiring.SpotterSettings;
import dev.spotter.inmemory.InMemoryCatalogCache;
import dev.spotter.inmemory.InMemoryNodeClaimStore;
import dev.spotter.inmemory.InMemoryProvisioningLease;
import dev.spotter.inmemory.InMemoryUnavailableOfferings;
import dev.spotter.interruption.RebalanceMode;
import dev.spotter.scheduling.Scheduler;

import java.time.Duration;
import java.util.Map;

/**
 * Spotter's control plane, unchanged, over in-memory ports: the same {@link SpotterRuntime} the Lambda functions
 * build, given the simulated cluster and cloud, the in-memory NodeClaim store, lease and caches, and queues that
 * deliver in virtual time; the four handlers (webhook, provisioner, interruption, tick) are the deployed ones.
 */
public final class ControlPlane {
    /** The stack's settings: the webhook's SQS delay, the provisioner's batch (100, 5 s window), visibility 6 x timeout. */
    static final Duration WEBHOOK_DELAY = Duration.ofSeconds(5);
    static final int MAX_RECEIVE_COUNT = 5;
    private static final String WEBHOOK_SECRET = "simulated0secret0path0segment000";
    static final Catalog CATALOG = CatalogCsv.loadDefault();
    static final InstanceTypeSource INSTANCE_TYPES =
            new InstanceTypeSource(CATALOG, InstanceTypeResolver.estimated(CATALOG));

    private final SpotterRuntime runtime;
    private final InMemoryNodeClaimStore claims = new InMemoryNodeClaimStore();
    private final InMemoryProvisioningLease lease = new InMemoryProvisioningLease();
    private final InMemoryUnavailableOfferings unavailable = new InMemoryUnavailableOfferings();
    private final InMemoryCatalogCache catalogCache = new InMemoryCatalogCache();
    private final SimQueue provisioningQueue;
    private final SimQueue interruptionQueue;
    private final ReconcileTickHandler tick;
    private final PendingPodWebhookHandler webhook;
    private long tickFailures;
    private long ticks;

    ControlPlane(EventQueue events, SimulatedCluster cluster, SimulatedCloud cloud, SimulationSettings settings,
                 Scheduler scheduler, RebalanceMode rebalance) {
        SpotterMetrics metrics = new DiscardedMetrics();
        SimQueue[] provisioning = new SimQueue[1];
        this.runtime = SpotterRuntime.builder(new Environment(Map.of()))
                .clock(events.clock())
                .settings(new SpotterSettings(SimulationSettings.CLUSTER, settings.config(), false, rebalance))
                .claims(claims).lease(lease).unavailable(unavailable).catalogCache(catalogCache)
                .cloud(cloud).clusterApi(cluster)
                .clusterInfo(new ClusterInfo(SimulationSettings.CLUSTER, "https://simulated.eks.amazonaws.com", "Y2E=",
                        "1.31", "10.100.0.0/16"))
                .instanceTypes(INSTANCE_TYPES)
                .metrics(metrics)
                .provisioningQueue((signal, delay) -> provisioning[0].send(signal.toJson(Json.MAPPER), delay))
                .scheduler(scheduler)
                .build();
        ProvisionerHandler provisioner = new ProvisionerHandler(runtime);
        InterruptionHandler interruption = new InterruptionHandler(runtime);
        this.provisioningQueue = new SimQueue("provisioning", events, 100, Duration.ofSeconds(5),
                Duration.ofSeconds(6 * 120), MAX_RECEIVE_COUNT, event -> provisioner.handleRequest(event, null));
        provisioning[0] = provisioningQueue;
        this.interruptionQueue = new SimQueue("interruption", events, 10, Duration.ZERO, Duration.ofSeconds(6 * 60),
                MAX_RECEIVE_COUNT, event -> interruption.handleRequest(event, null));
        this.tick = new ReconcileTickHandler(runtime);
        this.webhook = new PendingPodWebhookHandler(new WebhookSettings(WEBHOOK_SECRET, "simulated", WEBHOOK_DELAY),
                runtime.provisioningQueue(), metrics, events.clock());
    }

    /** The API server calls the admission webhook for the pod's creation (it rings the provisioner's doorbell). */
    void podCreated(Pod pod) {
        String body = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\""
                + pod.uid() + "\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"operation\":\"CREATE\","
                + "\"namespace\":\"" + pod.namespace() + "\",\"name\":\"" + pod.name() + "\",\"dryRun\":false,"
                + "\"object\":{\"metadata\":{\"name\":\"" + pod.name() + "\"},\"spec\":{}}}}";
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withRawPath("/" + WEBHOOK_SECRET).withBody(body)
                .withIsBase64Encoded(false).build();
        webhook.handleRequest(event, null);
    }

    /** EventBridge delivering an EC2 event to the interruption queue. */
    void interruptionEvent(String body) {
        interruptionQueue.send(body, Duration.ZERO);
    }

    /** EventBridge Scheduler's tick. */
    void tick(java.time.Instant scheduled) {
        ticks++;
        String input = "{\"kind\":\"spotter-tick\",\"cluster\":\"" + SimulationSettings.CLUSTER + "\",\"scheduledTime\":\""
                + scheduled + "\",\"scheduleArn\":\"simulated\",\"executionId\":\"" + ticks + "\",\"attemptNumber\":\"1\"}";
        try {
            tick.tick(input, null);
        } catch (RuntimeException e) {
            tickFailures++;
        }
    }

    /** The calls the in-memory ports recorded are not needed here; dropping them keeps a long run's memory flat. */
    void forgetCalls() {
        claims.clearCalls();
        lease.clearCalls();
        unavailable.clearCalls();
        catalogCache.clearCalls();
    }

    InMemoryNodeClaimStore claims() {
        return claims;
    }

    SpotterRuntime runtime() {
        return runtime;
    }

    Map<String, Object> counters() {
        return Map.of("ticks", ticks, "tickFailures", tickFailures,
                "provisionerInvocations", provisioningQueue.invocations(),
                "interruptionInvocations", interruptionQueue.invocations(),
                "deadLetteredMessages", provisioningQueue.deadLettered() + interruptionQueue.deadLettered());
    }

    /** The functions' metrics have nowhere to go in a simulation; the report measures what matters itself. */
    private static final class DiscardedMetrics implements SpotterMetrics {
        @Override
        public void count(String metric, double value) {
        }

        @Override
        public void milliseconds(String metric, double value) {
        }

        @Override
        public void flush() {
        }
    }
}
