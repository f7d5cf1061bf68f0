package dev.spotter.functions.tick;

import dev.spotter.catalog.CapacityType;
import dev.spotter.functions.runtime.Environment;
import dev.spotter.functions.runtime.RecordingProvisioningQueue;
import dev.spotter.functions.runtime.RecordingSpotterMetrics;
import dev.spotter.functions.runtime.Samples;
import dev.spotter.functions.runtime.TestContext;
import dev.spotter.functions.wiring.SpotterRuntime;
import dev.spotter.functions.wiring.SpotterSettings;
import dev.spotter.interruption.RebalanceMode;
import dev.spotter.lifecycle.LifecyclePlanner;
import dev.spotter.nodeclaim.Condition;
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

/** The tick handler on in-memory fakes: plan, execute (or only log in dry run), report, provision as a safety net. */
class ReconcileTickHandlerTest {
    private static final String CLUSTER = "demo";
    private static final Instant LAUNCHED_AT = Instant.parse("2025-11-03T13:40:00Z");

    private final MutableClock clock = new MutableClock(LAUNCHED_AT.plus(Duration.ofMinutes(16)));
    private final InMemoryNodeClaimStore claims = new InMemoryNodeClaimStore();
    private final RecordingClusterApi cluster = new RecordingClusterApi();
    private final RecordingCloudProvider cloud = new RecordingCloudProvider(new MutableClock(LAUNCHED_AT));
    private final RecordingSpotterMetrics metrics = new RecordingSpotterMetrics();
    private final InMemoryProvisioningLease lease = new InMemoryProvisioningLease();

    private ReconcileTickHandler handler(boolean dryRun) {
        // a claim launched 16 minutes ago whose node never registered, for a pod that is still pending
        cluster.pod(Orchestration.pendingPod("shop", "web-1", 500));
        String instanceId = launchInstance();
        claims.seed(NodeClaim.builder().name("default-abc").cluster(CLUSTER).nodePool("default").nodeClass("default")
                .capacityType(CapacityType.SPOT).instanceTypes(List.of("c5.large")).zones(List.of("us-east-1a"))
                .zone("us-east-1a").instanceType("c5.large").instanceId(instanceId).price(0.03)
                .pods(List.of("shop/web-1")).phase(Phase.LAUNCHED).version(2).createdAt(LAUNCHED_AT)
                .conditions(List.of(new Condition(LifecyclePlanner.LAUNCHED, true, "Launched", "", LAUNCHED_AT))).build());
        return new ReconcileTickHandler(SpotterRuntime.builder(new Environment(Map.of())).clock(clock)
                .settings(new SpotterSettings(CLUSTER, Orchestration.config(CLUSTER), dryRun, RebalanceMode.REPLACE))
                .claims(claims).lease(lease).unavailable(new InMemoryUnavailableOfferings())
                .cloud(cloud).clusterApi(cluster).clusterInfo(Orchestration.clusterInfo(CLUSTER))
                .instanceTypes(Orchestration.instanceTypes()).metrics(metrics)
                .provisioningQueue(new RecordingProvisioningQueue()).build());
    }

    @Test
    void tick_whenANodeNeverRegistered_retiresItsClaimThenProvisionsThePodAgain() {
        Map<String, Object> report = handler(false).tick(Samples.read("tick/scheduled.json"), null);

        assertThat(report).containsEntry("scheduledTime", "2025-11-03T14:06:00Z")
                .containsEntry("commands", Map.of("Retire", 1L)).containsEntry("failedCommands", 0).containsEntry("launched", 1);
        assertThat(cloud.calls("terminate")).hasSize(1);
        assertThat(claims.all()).extracting(NodeClaim::phase, NodeClaim::pods).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(Phase.TERMINATED, List.of("shop/web-1")),
                org.assertj.core.groups.Tuple.tuple(Phase.LAUNCHED, List.of("shop/web-1")));
        assertThat(metrics.total("TickCommands")).isEqualTo(1);
        assertThat(metrics.total("ActiveNodeClaims")).isEqualTo(1);
        assertThat(metrics.total("FleetHourlyCost")).isEqualTo(0.03);
        assertThat(metrics.flushes()).isZero();
    }

    @Test
    void tick_whenDryRun_reportsTheCommandsButCarriesNoneOut() {
        Map<String, Object> report = handler(true).tick(Samples.read("tick/scheduled.json"), null);

        assertThat(report).containsEntry("commands", Map.of("Retire", 1L)).containsEntry("launched", 0);
        assertThat(cloud.calls()).as("reads only").allMatch(call -> call.startsWith("listClusterInstances") || call.startsWith("zones"));
        assertThat(claims.all()).singleElement().satisfies(claim -> assertThat(claim.phase()).isEqualTo(Phase.LAUNCHED));
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void tick_whenLittleTimeIsLeft_skipsTheProvisioningPass() {
        Map<String, Object> report = handler(false).tick(Samples.read("tick/scheduled.json"), new TestContext("req-1"));

        assertThat(report).doesNotContainKey("launched");
        assertThat(claims.all()).extracting(NodeClaim::phase).containsExactly(Phase.TERMINATED);
    }

    @Test
    void tick_whenAnotherInvocationHoldsTheLease_leavesAllItsWorkToTheNextTick() {
        // regression: overlapping ticks ran lifecycle commands outside any lease
        ReconcileTickHandler handler = handler(false);
        lease.tryAcquire(CLUSTER, "an-overlapping-tick", Duration.ofMinutes(2), clock.instant());

        Map<String, Object> report = handler.tick(Samples.read("tick/scheduled.json"), null);

        assertThat(report).containsEntry("skipped", "lease held elsewhere").doesNotContainKey("commands");
        assertThat(cloud.calls("terminate")).isEmpty();
        assertThat(claims.all()).singleElement().satisfies(claim -> assertThat(claim.phase()).isEqualTo(Phase.LAUNCHED));
        assertThat(lease.current(CLUSTER).orElseThrow().holder()).isEqualTo("an-overlapping-tick");
    }

    @Test
    void tick_twoDeliveriesOfTheSameScheduledTime_doNotBothHoldTheLease() {
        // regression: the holder was tick-<scheduledTime>, shared by both deliveries of one tick
        ReconcileTickHandler handler = handler(false);
        String[] secondReport = new String[1];
        cloud.beforeLaunch(request -> secondReport[0] = String.valueOf(
                handler.tick(Samples.read("tick/scheduled.json"), new TestContext("delivery-2", 90_000)).get("skipped")));

        handler.tick(Samples.read("tick/scheduled.json"), new TestContext("delivery-1", 90_000));

        assertThat(secondReport[0]).isEqualTo("lease held elsewhere");
        assertThat(lease.current(CLUSTER)).isEmpty();
    }

    /** The instance a launch made 16 minutes ago; recorded by the fake as launched then. */
    private String launchInstance() {
        var config = Orchestration.config(CLUSTER);
        var pool = config.nodePool("default").orElseThrow();
        NodeClaim claim = NodeClaim.builder().name("default-abc").cluster(CLUSTER).nodePool("default").nodeClass("default")
                .capacityType(CapacityType.SPOT).instanceTypes(List.of("c5.large")).zones(List.of("us-east-1a")).build();
        String id = cloud.launch(dev.spotter.cloud.LaunchRequest.of(claim, pool, config.nodeClassOf(pool),
                Orchestration.clusterInfo(CLUSTER), Orchestration.instanceTypes().forNodeClass(config.nodeClassOf(pool),
                        java.util.Set.of()).stream().filter(t -> t.name().equals("c5.large")).toList())).instanceId();
        cloud.clearCalls();
        return id;
    }
}
