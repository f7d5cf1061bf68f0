package dev.spotter.functions.tick;

import dev.spotter.model.Taint;
import dev.spotter.catalog.CapacityType;
import dev.spotter.cloud.CloudInstance;
import dev.spotter.cloud.InstanceState;
import dev.spotter.cloud.LaunchWithFallback;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.config.SpotterConfig;
import dev.spotter.functions.provisioner.ClaimLauncher;
import dev.spotter.functions.provisioner.InstanceTypeSource;
import dev.spotter.lifecycle.LifecycleCommand;
import dev.spotter.lifecycle.LifecyclePlanner;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.nodeclaim.VersionConflictException;
import dev.spotter.testing.MutableClock;
import dev.spotter.testing.Orchestration;
import dev.spotter.inmemory.InMemoryNodeClaimStore;
import dev.spotter.inmemory.InMemoryUnavailableOfferings;
import dev.spotter.inmemory.RecordingCloudProvider;
import dev.spotter.inmemory.RecordingClusterApi;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleExecutorTest {
    private static final String CLUSTER = "demo";
    private static final Instant NOW = Instant.parse("2025-11-03T14:05:00Z");
    private static final SpotterConfig CONFIG = Orchestration.config(CLUSTER);
    private static final InstanceTypeSource TYPES = Orchestration.instanceTypes();
    private static final String NODE = "ip-10-0-1-17.ec2.internal";
    private static final String INSTANCE = "i-0aaaabbbbccccdddd";

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryNodeClaimStore claims = new InMemoryNodeClaimStore();
    private final InMemoryUnavailableOfferings unavailable = new InMemoryUnavailableOfferings();
    private final RecordingClusterApi cluster = new RecordingClusterApi();
    private final RecordingCloudProvider cloud = new RecordingCloudProvider(clock);
    private final NodeClaimRetirement retirement = new NodeClaimRetirement(cluster, cloud, claims, clock, Duration.ofHours(1));
    private final LifecycleExecutor executor = new LifecycleExecutor(claims, cloud, cluster, retirement,
            new ClaimLauncher(new LaunchWithFallback(cloud, unavailable, clock), cloud, claims, TYPES,
                    () -> Orchestration.clusterInfo(CLUSTER), clock), clock);

    @Test
    void execute_markRegistered_recordsTheNodeAndTheRegisteredPhase() {
        NodeClaim launched = stored(Phase.LAUNCHED, null);
        Node node = Orchestration.node(NODE, INSTANCE, false);
        cluster.node(node);

        int failures = executor.execute(List.of(new LifecycleCommand.MarkRegistered(launched, node)), CONFIG, Set.of());

        assertThat(failures).isZero();
        NodeClaim claim = claim();
        assertThat(claim.phase()).isEqualTo(Phase.REGISTERED);
        assertThat(claim.nodeName()).isEqualTo(NODE);
        assertThat(claim.condition("Registered")).hasValueSatisfying(c -> assertThat(c.lastTransitionTime()).isEqualTo(NOW));
        assertThat(cluster.writes()).contains("labelNode " + NODE + " karpenter.sh/nodeclaim=" + launched.name());
    }

    @Test
    void execute_markInitialized_movesTheClaimToInitialized() {
        NodeClaim registered = stored(Phase.REGISTERED, NODE);

        executor.execute(List.of(new LifecycleCommand.MarkInitialized(registered)), CONFIG, Set.of());

        assertThat(claim().phase()).isEqualTo(Phase.INITIALIZED);
        assertThat(claim().condition("Initialized")).isPresent();
    }

    @Test
    void execute_adoptInstance_recordsTheInstanceAPlannedClaimsLaunchLeftBehind() {
        NodeClaim planned = claims.create(claim(Phase.PLANNED, null).toBuilder().instanceId(null).instanceType(null)
                .zone(null).providerId(null).build(), NOW);
        CloudInstance found = new CloudInstance(INSTANCE, "m5.large", "us-east-1b", CapacityType.SPOT, InstanceState.RUNNING,
                NOW.minusSeconds(40), "", Map.of("karpenter.sh/nodeclaim", planned.name()));

        executor.execute(List.of(new LifecycleCommand.AdoptInstance(planned, found)), CONFIG, Set.of());

        NodeClaim claim = claim();
        assertThat(claim.phase()).isEqualTo(Phase.LAUNCHED);
        assertThat(claim.instanceId()).isEqualTo(INSTANCE);
        assertThat(claim.instanceType()).isEqualTo("m5.large");
        assertThat(claim.zone()).isEqualTo("us-east-1b");
        assertThat(claim.providerId()).isEqualTo("aws:///us-east-1b/" + INSTANCE);
        assertThat(claim.condition(LifecyclePlanner.LAUNCHED)).hasValueSatisfying(c -> assertThat(c.reason()).isEqualTo("Adopted"));
        assertThat(cloud.calls("launch")).isEmpty();
    }

    @Test
    void execute_relaunch_launchesThePlannedClaimAndRecordsIt() {
        NodeClaim planned = claims.create(claim(Phase.PLANNED, null).toBuilder().instanceId(null).instanceType(null)
                .zone(null).providerId(null).build(), NOW);

        int failures = executor.execute(List.of(new LifecycleCommand.Relaunch(planned)), CONFIG, Set.of());

        assertThat(failures).isZero();
        assertThat(cloud.calls("launch")).containsExactly("launch " + planned.name());
        assertThat(claim().phase()).isEqualTo(Phase.LAUNCHED);
        assertThat(claim().instanceId()).startsWith("i-");
    }

    @Test
    void execute_relaunchOutOfCapacity_dropsTheClaim() {
        NodeClaim planned = claims.create(claim(Phase.PLANNED, null).toBuilder().instanceId(null).instanceType(null)
                .zone(null).providerId(null).build(), NOW);
        cloud.outOfAllCapacity();

        executor.execute(List.of(new LifecycleCommand.Relaunch(planned)), CONFIG, Set.of());

        assertThat(claims.all()).isEmpty();
    }

    @Test
    void execute_retire_terminatesTheInstanceDeletesTheNodeAndTombstonesTheClaim() {
        NodeClaim launched = stored(Phase.LAUNCHED, null);
        cluster.node(Orchestration.node(NODE, INSTANCE, false));

        executor.execute(List.of(new LifecycleCommand.Retire(launched, Orchestration.node(NODE, INSTANCE, false),
                "not registered within 15m")), CONFIG, Set.of());

        assertThat(cloud.calls("terminate")).containsExactly("terminate " + INSTANCE);
        assertThat(cluster.calls("deleteNode")).containsExactly("deleteNode " + NODE);
        assertThat(claim().phase()).isEqualTo(Phase.TERMINATED);
        assertThat(claim().tombstoneExpiry()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(claim().condition("Terminating")).hasValueSatisfying(c -> assertThat(c.message()).isEqualTo("not registered within 15m"));
    }

    @Test
    void execute_startDrain_taintsCordonsAndEvictsTheFirstGroup() {
        NodeClaim running = stored(Phase.INITIALIZED, NODE);
        aNodeWithPods();

        executor.execute(List.of(new LifecycleCommand.StartDrain(running, "rebalance recommendation: replacement ready")),
                CONFIG, Set.of());

        assertThat(claim().phase()).isEqualTo(Phase.DRAINING);
        assertThat(cluster.currentNode(NODE).orElseThrow().taints()).containsExactly(Taint.DISRUPTED);
        assertThat(cluster.currentNode(NODE).orElseThrow().unschedulable()).isTrue();
        assertThat(cluster.calls("evictPod")).containsExactly("evictPod shop/web-1 EVICTED", "evictPod shop/web-2 EVICTED");
    }

    @Test
    void execute_evictBlockedByABudget_leavesThatPodForALaterTick() {
        NodeClaim draining = stored(Phase.DRAINING, NODE);
        aNodeWithPods();
        cluster.blockEviction("shop/web-2");

        int failures = executor.execute(List.of(new LifecycleCommand.Evict(draining, Orchestration.node(NODE, INSTANCE, true),
                List.of(pod("web-1"), pod("web-2")))), CONFIG, Set.of());

        assertThat(failures).isZero();
        assertThat(cluster.calls("evictPod")).containsExactly("evictPod shop/web-1 EVICTED", "evictPod shop/web-2 BLOCKED");
        assertThat(cluster.podKeys()).contains("shop/web-2").doesNotContain("shop/web-1");
        assertThat(claim().condition(LifecyclePlanner.DAEMONSETS_EVICTED)).isEmpty();
    }

    @Test
    void execute_evictOfTheDaemonSetPods_marksThemEvictedSoTheDrainCanFinish() {
        NodeClaim draining = stored(Phase.DRAINING, NODE);
        Pod daemon = Orchestration.daemonPod("aws-node-x1", NODE);
        cluster.pod(daemon);

        executor.execute(List.of(new LifecycleCommand.Evict(draining, Orchestration.node(NODE, INSTANCE, true), List.of(daemon))),
                CONFIG, Set.of());

        assertThat(claim().condition(LifecyclePlanner.DAEMONSETS_EVICTED)).isPresent();
    }

    @Test
    void execute_finishDrain_retiresTheClaim() {
        NodeClaim draining = stored(Phase.DRAINING, NODE);
        cluster.node(Orchestration.node(NODE, INSTANCE, true));

        executor.execute(List.of(new LifecycleCommand.FinishDrain(draining, Orchestration.node(NODE, INSTANCE, true), "drained")),
                CONFIG, Set.of());

        assertThat(cloud.calls("terminate")).containsExactly("terminate " + INSTANCE);
        assertThat(cluster.currentNode(NODE)).isEmpty();
        assertThat(claim().phase()).isEqualTo(Phase.TERMINATED);
    }

    @Test
    void execute_terminateOrphan_terminatesTheInstanceOnly() {
        CloudInstance orphan = new CloudInstance("i-0orphan", "m5.large", "us-east-1a", CapacityType.SPOT, InstanceState.RUNNING,
                NOW.minusSeconds(60), "", Map.of("karpenter.sh/nodeclaim", "default-lost"));

        executor.execute(List.of(new LifecycleCommand.TerminateOrphan(orphan, "no NodeClaim owns it")), CONFIG, Set.of());

        assertThat(cloud.calls()).containsExactly("terminate i-0orphan");
        assertThat(claims.calls()).isEmpty();
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void execute_whenACommandFails_countsItAndRunsTheRest() {
        NodeClaim launched = stored(Phase.LAUNCHED, null);
        claims.failNext("update", new VersionConflictException(launched.name(), "changed meanwhile"));
        cluster.node(Orchestration.node(NODE, INSTANCE, true));
        CloudInstance orphan = new CloudInstance("i-0orphan", "m5.large", "us-east-1a", CapacityType.SPOT, InstanceState.RUNNING,
                NOW.minusSeconds(60), "", Map.of());

        int failures = executor.execute(List.of(
                new LifecycleCommand.MarkRegistered(launched, Orchestration.node(NODE, INSTANCE, true)),
                new LifecycleCommand.TerminateOrphan(orphan, "no NodeClaim owns it")), CONFIG, Set.of());

        assertThat(failures).isEqualTo(1);
        assertThat(claim().phase()).isEqualTo(Phase.LAUNCHED);
        assertThat(cloud.calls("terminate")).containsExactly("terminate i-0orphan");
    }

    private void aNodeWithPods() {
        cluster.node(Orchestration.node(NODE, INSTANCE, true)).pod(pod("web-1")).pod(pod("web-2"))
                .pod(Orchestration.daemonPod("aws-node-x1", NODE));
    }

    private static Pod pod(String name) {
        return Orchestration.boundPod("shop", name, 500, NODE);
    }

    private NodeClaim stored(Phase phase, String nodeName) {
        claims.seed(claim(phase, nodeName));
        return claim();
    }

    private NodeClaim claim() {
        return claims.all().get(0);
    }

    private static NodeClaim claim(Phase phase, String nodeName) {
        return NodeClaim.builder().name("default-abc").cluster(CLUSTER).nodePool("default").nodeClass("default")
                .capacityType(CapacityType.SPOT).instanceTypes(List.of("m5.large", "c5.large")).zones(List.of("us-east-1a"))
                .zone("us-east-1a").instanceType("m5.large").instanceId(INSTANCE).providerId("aws:///us-east-1a/" + INSTANCE)
                .nodeName(nodeName).pods(List.of("shop/web-1", "shop/web-2")).phase(phase).version(3)
                .createdAt(NOW.minusSeconds(600)).build();
    }
}
