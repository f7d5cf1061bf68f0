package dev.spotter.functions.provisioner;

import dev.spotter.model.Taint;
import dev.spotter.catalog.CapacityType;
import dev.spotter.cloud.LaunchWithFallback;
import dev.spotter.cluster.ClusterEvent;
import dev.spotter.cluster.Pod;
import dev.spotter.config.SpotterConfig;
import dev.spotter.functions.tick.NodeClaimRetirement;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.scheduling.Scheduler;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ProvisioningPassTest {
    private static final String CLUSTER = "demo";
    private static final Instant NOW = Instant.parse("2025-11-03T14:05:00Z");
    private static final SpotterConfig CONFIG = Orchestration.config(CLUSTER);
    private static final InstanceTypeSource TYPES = Orchestration.instanceTypes();

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryNodeClaimStore claims = new InMemoryNodeClaimStore();
    private final InMemoryProvisioningLease lease = new InMemoryProvisioningLease();
    private final InMemoryUnavailableOfferings unavailable = new InMemoryUnavailableOfferings();
    private final RecordingClusterApi cluster = new RecordingClusterApi();
    private final RecordingCloudProvider cloud = new RecordingCloudProvider(clock);
    private final ProvisioningPass pass = new ProvisioningPass(CLUSTER, cluster, claims, lease, unavailable, TYPES, cloud,
            new ClaimLauncher(new LaunchWithFallback(cloud, unavailable, clock), cloud, claims, TYPES,
                    () -> Orchestration.clusterInfo(CLUSTER), clock),
            Scheduler.create(), clock);

    @Test
    void run_whenLeaseHeldElsewhere_readsAndWritesNothing() {
        cluster.pod(Orchestration.pendingPod("shop", "web-1", 500));
        lease.tryAcquire(CLUSTER, "other-provisioner", Duration.ofMinutes(2), NOW);
        claims.clearCalls();

        ProvisioningOutcome outcome = pass.run("me", CONFIG, false);

        assertThat(outcome.leaseAcquired()).isFalse();
        assertThat(outcome.launched()).isEmpty();
        assertThat(cluster.calls()).isEmpty();
        assertThat(claims.calls()).isEmpty();
        assertThat(cloud.calls()).isEmpty();
        assertThat(lease.current(CLUSTER).orElseThrow().holder()).isEqualTo("other-provisioner");
    }

    @Test
    void run_whenPodPending_storesTheClaimPlannedBeforeLaunchingItThenRecordsItLaunched() {
        Pod pod = Orchestration.pendingPod("shop", "web-1", 500);
        cluster.pod(pod);
        List<Optional<NodeClaim>> storedAtLaunch = new ArrayList<>();
        cloud.beforeLaunch(request -> storedAtLaunch.add(claims.all().stream()
                .filter(c -> c.name().equals(request.claim().name())).findFirst()));

        ProvisioningOutcome outcome = pass.run("me", CONFIG, false);

        assertThat(outcome.leaseAcquired()).isTrue();
        assertThat(outcome.pendingPods()).isEqualTo(1);
        assertThat(outcome.failed()).isEmpty();
        assertThat(outcome.launched()).hasSize(1);
        NodeClaim launched = outcome.launched().get(0);
        assertThat(storedAtLaunch).singleElement().satisfies(stored -> {
            assertThat(stored).isPresent();
            assertThat(stored.get().phase()).isEqualTo(Phase.PLANNED);
            assertThat(stored.get().instanceId()).isNull();
        });
        NodeClaim stored = claims.all().get(0);
        assertThat(stored).isEqualTo(launched);
        assertThat(stored.phase()).isEqualTo(Phase.LAUNCHED);
        assertThat(stored.instanceId()).isEqualTo("i-00000000000000001");
        assertThat(stored.pods()).containsExactly("shop/web-1");
        assertThat(stored.capacityType()).isEqualTo(CapacityType.SPOT);
        assertThat(stored.instanceType()).isIn(Orchestration.TYPES);
        assertThat(stored.providerId()).isEqualTo("aws:///" + stored.zone() + "/" + stored.instanceId());
        assertThat(stored.condition("Launched")).isPresent();
        assertThat(claims.calls()).filteredOn(call -> !call.startsWith("list") && !call.startsWith("get"))
                .containsExactly("create demo/" + stored.name(), "update demo/" + stored.name() + " v1");
        assertThat(cluster.events()).containsExactly(ClusterEvent.nominated(pod, stored.name()));
        assertThat(lease.current(CLUSTER)).as("released at the end of the pass").isEmpty();
    }

    @Test
    void run_whenClaimNameAlreadyStoredByAnotherPass_doesNotLaunchItAgain() {
        cluster.pod(Orchestration.pendingPod("shop", "web-1", 500));
        String name = pass.run("me", CONFIG, true).launched().get(0).name();
        // another pass stored the same claim after this pass read the claims, before it writes
        claims.seed(claimNamed(name, Phase.LAUNCHED).toBuilder().createdAt(NOW).build());
        claims.clearCalls();

        ProvisioningOutcome outcome = new ProvisioningPass(CLUSTER, cluster, hidingActiveClaims(), lease, unavailable,
                TYPES, cloud, new ClaimLauncher(new LaunchWithFallback(cloud, unavailable, clock), cloud, claims, TYPES,
                () -> Orchestration.clusterInfo(CLUSTER), clock), Scheduler.create(), clock)
                .run("me", CONFIG, false);

        assertThat(outcome.launched()).isEmpty();
        assertThat(outcome.failed()).isEmpty();
        assertThat(cloud.launches()).isEmpty();
        assertThat(cluster.events()).isEmpty();
    }

    @Test
    void run_whenEveryNumberedGenerationIsATombstone_stillLaunchesTheReplacement() {
        // regression: after 10 tombstoned generations within the hour, the pods were never provisioned again
        cluster.pod(Orchestration.pendingPod("shop", "db-0", 500));
        String name = pass.run("me", CONFIG, true).launched().get(0).name();
        claims.seed(claimNamed(name, Phase.TERMINATED));
        for (int generation = 2; generation <= ProvisioningPass.MAX_NAME_GENERATIONS; generation++) {
            claims.seed(claimNamed(name + "-r" + generation, Phase.TERMINATED));
        }

        ProvisioningOutcome outcome = pass.run("me", CONFIG, false);

        assertThat(outcome.launched()).singleElement().satisfies(claim -> assertThat(claim.name()).startsWith(name + "-t"));
        assertThat(cloud.launches()).hasSize(1);
    }

    @Test
    void run_whenAClaimOfTheSameNameIsBeingRetired_launchesTheReplacementUnderTheNextGeneration() {
        cluster.pod(Orchestration.pendingPod("shop", "db-0", 500));
        String name = pass.run("me", CONFIG, true).launched().get(0).name();
        claims.seed(claimNamed(name, Phase.TERMINATED));

        ProvisioningOutcome outcome = pass.run("me", CONFIG, false);

        assertThat(outcome.launched()).singleElement()
                .satisfies(claim -> assertThat(claim.name()).isEqualTo(name + "-r2"));
        assertThat(cloud.launches()).hasSize(1);
        assertThat(claims.all()).extracting(NodeClaim::name, NodeClaim::phase)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(name, Phase.TERMINATED),
                        org.assertj.core.groups.Tuple.tuple(name + "-r2", Phase.LAUNCHED));
    }

    @Test
    void run_whenEveryOfferingIsOutOfCapacity_deletesTheClaimsAndReportsTheFailures() {
        cluster.pod(Orchestration.pendingPod("shop", "web-1", 500));
        cloud.outOfAllCapacity();

        ProvisioningOutcome outcome = pass.run("me", CONFIG, false);

        assertThat(outcome.launched()).isEmpty();
        assertThat(outcome.failed()).as("a spot claim, then an on-demand one on the re-plan").hasSize(2)
                .allSatisfy(failure -> {
                    assertThat(failure.launched()).isFalse();
                    assertThat(failure.capacityShortage()).isTrue();
                    assertThat(failure.failure()).contains("could not launch NodeClaim " + failure.claim().name());
                });
        assertThat(outcome.failed()).extracting(f -> f.claim().capacityType())
                .containsExactly(CapacityType.SPOT, CapacityType.ON_DEMAND);
        assertThat(outcome.unschedulable()).as("nothing is left to plan on")
                .singleElement().satisfies(u -> assertThat(u.pod()).isEqualTo("shop/web-1"));
        assertThat(claims.all()).as("failed claims are deleted so their pods are planned afresh").isEmpty();
        assertThat(unavailable.current(NOW)).isNotEmpty();
        assertThat(cluster.events()).isEmpty();
    }

    @Test
    void run_whenSpotIsOutOfCapacityEverywhere_replansAndLaunchesOnDemandInTheSamePass() {
        cluster.pod(Orchestration.pendingPod("shop", "web-1", 500));
        cloud.outOfCapacity(CapacityType.SPOT);

        ProvisioningOutcome outcome = pass.run("me", CONFIG, false);

        assertThat(outcome.failed()).singleElement().satisfies(f -> assertThat(f.claim().capacityType()).isEqualTo(CapacityType.SPOT));
        assertThat(outcome.launched()).singleElement().satisfies(claim -> {
            assertThat(claim.capacityType()).isEqualTo(CapacityType.ON_DEMAND);
            assertThat(claim.phase()).isEqualTo(Phase.LAUNCHED);
            assertThat(claim.pods()).containsExactly("shop/web-1");
        });
        assertThat(claims.all()).extracting(NodeClaim::capacityType).containsExactly(CapacityType.ON_DEMAND);
        assertThat(outcome.plannedHourlyCost()).isEqualTo(outcome.launched().get(0).price());
    }

    @Test
    void run_whenDryRun_plansButWritesNoClaimLaunchesNothingAndRecordsNoEvent() {
        cluster.pod(Orchestration.pendingPod("shop", "web-1", 500));

        ProvisioningOutcome outcome = pass.run("me", CONFIG, true);

        assertThat(outcome.launched()).as("what would be launched").singleElement()
                .satisfies(claim -> assertThat(claim.phase()).isEqualTo(Phase.PLANNED));
        assertThat(claims.all()).isEmpty();
        assertThat(claims.calls()).allMatch(call -> call.startsWith("list"));
        assertThat(cloud.calls()).as("planning only reads the NodeClass's zones").containsExactly("zones default");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void run_whenNothingIsPending_launchesNothing() {
        cluster.node(Orchestration.node("ip-10-0-1-1.ec2.internal", "i-0aaa", true))
                .pod(Orchestration.boundPod("shop", "web-1", 500, "ip-10-0-1-1.ec2.internal"));

        ProvisioningOutcome outcome = pass.run("me", CONFIG, false);

        assertThat(outcome.leaseAcquired()).isTrue();
        assertThat(outcome.pendingPods()).isZero();
        assertThat(cloud.calls()).isEmpty();
        assertThat(claims.all()).isEmpty();
    }

    @Test
    void run_whenAnEvictedPodIsStillTerminating_plansOnlyItsPendingReplacement() {
        String draining = "ip-10-0-1-1.ec2.internal";
        cluster.node(Orchestration.node(draining, "i-0aaa", true, Taint.DISRUPTED))
                .pod(Orchestration.boundPod("shop", "web-1", 500, draining).toBuilder().terminating(true).build())
                .pod(Orchestration.pendingPod("shop", "web-1-replacement", 500));

        ProvisioningOutcome outcome = pass.run("me", CONFIG, false);

        assertThat(outcome.pendingPods()).as("the terminating pod is on its way out, not displaced").isEqualTo(1);
        assertThat(outcome.launched()).flatExtracting(NodeClaim::pods).containsExactly("shop/web-1-replacement");
    }

    @Test
    void run_whenANodeIsDraining_plansItsPodsElsewhere() {
        String draining = "ip-10-0-1-1.ec2.internal";
        cluster.node(Orchestration.node(draining, "i-0aaa", true, Taint.DISRUPTED))
                .pod(Orchestration.boundPod("shop", "web-1", 500, draining))
                .pod(Orchestration.boundPod("shop", "web-2", 500, draining))
                .pod(Orchestration.daemonPod("aws-node-x1", draining));

        ProvisioningOutcome outcome = pass.run("me", CONFIG, false);

        assertThat(outcome.pendingPods()).as("the displaced pods, DaemonSet pods excepted").isEqualTo(2);
        assertThat(outcome.launched()).flatExtracting(NodeClaim::pods).containsExactlyInAnyOrder("shop/web-1", "shop/web-2");
        assertThat(cloud.launches()).isNotEmpty();
    }

    @Test
    void run_whenTheDrainingClaimIsKnownByPhase_plansItsPodsElsewhereEvenBeforeTheTaintIsSeen() {
        String draining = "ip-10-0-1-1.ec2.internal";
        cluster.node(Orchestration.node(draining, "i-0aaa", true))
                .pod(Orchestration.boundPod("shop", "web-1", 500, draining));
        claims.seed(claimNamed("default-old", Phase.DRAINING).toBuilder().nodeName(draining).instanceId("i-0aaa").build());

        ProvisioningOutcome outcome = pass.run("me", CONFIG, false);

        assertThat(outcome.launched()).flatExtracting(NodeClaim::pods).containsExactly("shop/web-1");
    }

    @Test
    void run_whenAClaimIsAlreadyInFlightForThePod_launchesNothingMore() {
        cluster.pod(Orchestration.pendingPod("shop", "web-1", 500));
        pass.run("me", CONFIG, false);
        cloud.clearCalls();

        ProvisioningOutcome second = pass.run("me", CONFIG, false);

        assertThat(second.launched()).isEmpty();
        assertThat(cloud.calls()).containsExactly("zones default");
        assertThat(claims.all()).hasSize(1);
    }

    @Test
    void run_whenSubnetsOnlyInOneZone_plansAndLaunchesOnlyInThatZone() {
        cloud.subnetZones("default", "us-east-1a");
        cluster.pod(Orchestration.pendingPod("shop", "web-1", 500))
                .pod(Orchestration.pendingPod("shop", "web-2", 3000));

        ProvisioningOutcome planned = pass.run("me", CONFIG, true);
        ProvisioningOutcome outcome = pass.run("me", CONFIG, false);

        assertThat(planned.launched()).isNotEmpty().allSatisfy(claim -> assertThat(claim.zones()).containsExactly("us-east-1a"));
        assertThat(outcome.failed()).isEmpty();
        assertThat(outcome.launched()).isNotEmpty().allSatisfy(claim -> assertThat(claim.zone()).isEqualTo("us-east-1a"));
        assertThat(cloud.launches()).isNotEmpty().allSatisfy(request ->
                assertThat(request.offerings()).isNotEmpty().allSatisfy(key -> assertThat(key.zone()).isEqualTo("us-east-1a")));
        assertThat(cloud.calls("zones")).as("asked once per pass, for planning and launching alike")
                .containsExactly("zones default", "zones default");
    }

    @Test
    void run_whenNodeClassSelectsNoSubnet_leavesThePodsUnschedulableAndLaunchesNothing() {
        cloud.subnetZones("default");
        cluster.pod(Orchestration.pendingPod("shop", "web-1", 500));

        ProvisioningOutcome outcome = pass.run("me", CONFIG, false);

        assertThat(outcome.launched()).isEmpty();
        assertThat(outcome.failed()).isEmpty();
        assertThat(outcome.unschedulable()).singleElement().satisfies(pod -> {
            assertThat(pod.pod()).isEqualTo("shop/web-1");
            assertThat(pod.reason()).contains("NodeClass \"default\" resolved no instance types");
        });
        assertThat(cloud.launches()).isEmpty();
        assertThat(claims.all()).isEmpty();
    }

    @Test
    void run_publishesEachLaunchAndThePodsNoNodePoolCanHold() {
        List<dev.spotter.events.DecisionEvent> published = new ArrayList<>();
        ProvisioningPass publishing = new ProvisioningPass(CLUSTER, cluster, claims, lease, unavailable, TYPES, cloud,
                new ClaimLauncher(new LaunchWithFallback(cloud, unavailable, clock), cloud, claims, TYPES,
                        () -> Orchestration.clusterInfo(CLUSTER), clock, published::add),
                Scheduler.create(), clock, published::add);
        cluster.pod(Orchestration.pendingPod("shop", "web-1", 500));
        cluster.pod(Orchestration.pendingPod("shop", "huge", 500_000));

        publishing.run("me", CONFIG, false);

        assertThat(published).filteredOn(e -> e instanceof dev.spotter.events.DecisionEvent.NodeClaimLaunched)
                .singleElement().satisfies(event -> {
                    assertThat(event.detail()).containsEntry("cluster", CLUSTER).containsEntry("pods", List.of("shop/web-1"));
                    assertThat(event.detail().get("instanceId")).asString().startsWith("i-");
                });
        assertThat(published).filteredOn(e -> e instanceof dev.spotter.events.DecisionEvent.PodsUnschedulable)
                .singleElement().satisfies(event -> assertThat(event.detail().get("pods").toString()).contains("shop/huge"));
    }

    @Test
    void run_whenALaunchFindsNoCapacity_publishesTheFailedLaunch() {
        List<dev.spotter.events.DecisionEvent> published = new ArrayList<>();
        ProvisioningPass publishing = new ProvisioningPass(CLUSTER, cluster, claims, lease, unavailable, TYPES, cloud,
                new ClaimLauncher(new LaunchWithFallback(cloud, unavailable, clock), cloud, claims, TYPES,
                        () -> Orchestration.clusterInfo(CLUSTER), clock, published::add),
                Scheduler.create(), clock, published::add);
        cloud.outOfAllCapacity();
        cluster.pod(Orchestration.pendingPod("shop", "web-1", 500));

        publishing.run("me", CONFIG, false);

        assertThat(published).filteredOn(e -> e instanceof dev.spotter.events.DecisionEvent.NodeClaimLaunchFailed)
                .isNotEmpty().allSatisfy(event -> {
                    assertThat(event.detailType()).isEqualTo("NodeClaim Launch Failed");
                    assertThat(event.detail()).containsEntry("capacityShortage", true);
                });
    }

    private static NodeClaim claimNamed(String name, Phase phase) {
        return NodeClaim.builder().name(name).cluster(CLUSTER).nodePool("default").nodeClass("default")
                .capacityType(CapacityType.SPOT).instanceTypes(List.of("c5.large")).zones(List.of("us-east-1a"))
                .pods(List.of("shop/web-1")).phase(phase).version(3).createdAt(NOW.minusSeconds(600)).build();
    }

    /** The store as a pass sees it when another pass writes between its read and its write: the read misses it. */
    private dev.spotter.nodeclaim.NodeClaimStore hidingActiveClaims() {
        return new dev.spotter.nodeclaim.NodeClaimStore() {
            @Override public NodeClaim create(NodeClaim claim, Instant now) { return claims.create(claim, now); }
            @Override public NodeClaim update(NodeClaim claim, Instant now) { return claims.update(claim, now); }
            @Override public void delete(NodeClaim claim) { claims.delete(claim); }
            @Override public Optional<NodeClaim> get(String cluster, String name) { return claims.get(cluster, name); }
            @Override public Optional<NodeClaim> findByInstanceId(String cluster, String id) { return claims.findByInstanceId(cluster, id); }
            @Override public List<NodeClaim> listByPhase(String cluster, Phase phase) { return List.of(); }
            @Override public List<NodeClaim> listActive(String cluster) { return List.of(); }
        };
    }
}
