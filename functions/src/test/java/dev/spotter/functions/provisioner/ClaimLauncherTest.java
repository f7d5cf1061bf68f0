package dev.spotter.functions.provisioner;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cloud.InstanceState;
import dev.spotter.cloud.LaunchWithFallback;
import dev.spotter.config.SpotterConfig;
import dev.spotter.inmemory.InMemoryNodeClaimStore;
import dev.spotter.inmemory.InMemoryUnavailableOfferings;
import dev.spotter.inmemory.RecordingCloudProvider;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.testing.MutableClock;
import dev.spotter.testing.Orchestration;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Launching one stored claim when another invocation launches or records the same claim meanwhile. */
class ClaimLauncherTest {
    private static final String CLUSTER = "demo";
    private static final SpotterConfig CONFIG = Orchestration.config(CLUSTER);

    private final MutableClock clock = new MutableClock(Instant.parse("2025-11-03T14:05:00Z"));
    private final InMemoryNodeClaimStore claims = new InMemoryNodeClaimStore();
    private final InMemoryUnavailableOfferings unavailable = new InMemoryUnavailableOfferings();
    private final RecordingCloudProvider cloud = new RecordingCloudProvider(clock);
    private final ClaimLauncher launcher = new ClaimLauncher(new LaunchWithFallback(cloud, unavailable, clock), cloud,
            claims, Orchestration.instanceTypes(), () -> Orchestration.clusterInfo(CLUSTER), clock);

    private NodeClaim planned() {
        return claims.create(NodeClaim.builder().name("default-web").cluster(CLUSTER).nodePool("default")
                .nodeClass("default").instanceTypes(List.of("c5.large", "m5.large")).pods(List.of("shop/web-1"))
                .phase(Phase.PLANNED).build(), clock.instant());
    }

    @Test
    void launch_whenAnotherInvocationLaunchesTheSameClaimMeanwhile_bothGetTheOneInstance() {
        // regression: the loser's version conflict escaped ClaimLauncher, and the two CreateFleet calls carried
        // different client tokens (hashed from offerings read apart), so a second instance ran unmanaged
        NodeClaim claim = planned();
        AtomicReference<ClaimLauncher.LaunchOutcome> concurrent = new AtomicReference<>();
        cloud.beforeLaunch(request -> {
            if (concurrent.get() == null) {
                concurrent.set(new ClaimLauncher.LaunchOutcome(claim, false, "running", false));
                concurrent.set(launcher.launch(claim, CONFIG, NodeClassZones.of(cloud), Set.of()));
            }
        });

        ClaimLauncher.LaunchOutcome outcome = launcher.launch(claim, CONFIG, NodeClassZones.of(cloud), Set.of());

        assertThat(outcome.launched()).isTrue();
        assertThat(concurrent.get().launched()).isTrue();
        assertThat(cloud.running(CLUSTER)).hasSize(1);
        assertThat(claims.get(CLUSTER, claim.name()).orElseThrow().instanceId()).isEqualTo(cloud.running(CLUSTER).get(0).instanceId());
        assertThat(cloud.launches().stream().map(r -> r.clientToken()).distinct()).hasSize(1);
    }

    @Test
    void launch_whenTheOtherInvocationReadOtherOfferings_launchesOnceAndKeepsTheClaim() {
        NodeClaim claim = planned();
        AtomicReference<ClaimLauncher.LaunchOutcome> concurrent = new AtomicReference<>();
        cloud.beforeLaunch(request -> {
            if (concurrent.get() == null) {
                concurrent.set(new ClaimLauncher.LaunchOutcome(claim, false, "running", false));
                concurrent.set(launcher.launch(claim, CONFIG, NodeClassZones.of(cloud), Set.of()));
            }
        });

        ClaimLauncher.LaunchOutcome outcome = launcher.launch(claim, CONFIG, NodeClassZones.of(cloud), Set.of(
                new OfferingKey(CapacityType.SPOT, "m5.large", "us-east-1f")));

        assertThat(concurrent.get().launched()).isTrue();
        assertThat(outcome.launched()).isFalse();
        assertThat(outcome.failure()).contains("under way");
        assertThat(cloud.running(CLUSTER)).hasSize(1);
        assertThat(claims.get(CLUSTER, claim.name()).orElseThrow().phase()).isEqualTo(Phase.LAUNCHED);
    }

    @Test
    void launch_whenTheClaimRecordedAnotherInstanceMeanwhile_terminatesItsOwnDuplicate() {
        NodeClaim claim = planned();
        cloud.beforeLaunch(request -> claims.update(claims.get(CLUSTER, claim.name()).orElseThrow().toBuilder()
                .phase(Phase.LAUNCHED).instanceId("i-adopted").build(), clock.instant()));

        ClaimLauncher.LaunchOutcome outcome = launcher.launch(claim, CONFIG, NodeClassZones.of(cloud), Set.of());

        assertThat(outcome.launched()).isFalse();
        assertThat(cloud.allInstances()).singleElement().satisfies(i -> assertThat(i.state()).isEqualTo(InstanceState.TERMINATED));
        assertThat(claims.get(CLUSTER, claim.name()).orElseThrow().instanceId()).isEqualTo("i-adopted");
    }
}
