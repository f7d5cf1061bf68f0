package dev.spotter.cloud;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.OfferingKey;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static dev.spotter.catalog.CapacityType.ON_DEMAND;
import static dev.spotter.catalog.CapacityType.SPOT;
import static dev.spotter.cloud.LaunchFixtures.claim;
import static dev.spotter.cloud.LaunchFixtures.pool;
import static dev.spotter.cloud.LaunchFixtures.request;
import static dev.spotter.cloud.LaunchFixtures.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchWithFallbackTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final RecordingCloudProvider cloud = new RecordingCloudProvider();
    private final InMemoryUnavailableOfferings unavailable = new InMemoryUnavailableOfferings();
    private final LaunchWithFallback launcher = new LaunchWithFallback(cloud, unavailable, clock);

    private final InstanceType m5 = type("m5.large", 0.096, 0.04, "us-east-1a", "us-east-1b");
    private final InstanceType m6i = type("m6i.large", 0.096, 0.045, "us-east-1a", "us-east-1b");

    @Test
    void launch_whenCapacityAvailable_launchesOnTheFirstOfferingInOneCall() {
        LaunchResult result = launcher.launch(request(pool("spot", "on-demand"), claim(SPOT), m5, m6i));

        assertThat(result.instanceType()).isEqualTo("m5.large");
        assertThat(result.capacityType()).isEqualTo(SPOT);
        assertThat(result.pricePerHour()).isEqualTo(0.04);
        assertThat(cloud.launches).hasSize(1);
        assertThat(unavailable.expiries).isEmpty();
    }

    @Test
    void launch_whenSpotOutOfCapacityForOneType_marksItsOfferingsAndLaunchesTheRest() {
        cloud.failNextLaunch(new InsufficientCapacityException("ICE", Set.of(
                key(SPOT, "m5.large", "us-east-1a"), key(SPOT, "m5.large", "us-east-1b"))));

        LaunchResult result = launcher.launch(request(pool("spot", "on-demand"), claim(SPOT), m5, m6i));

        assertThat(result.instanceType()).isEqualTo("m6i.large");
        assertThat(result.capacityType()).isEqualTo(SPOT);
        assertThat(cloud.launches).hasSize(2);
        assertThat(cloud.launches.get(1).offerings()).extracting(OfferingKey::instanceType).containsOnly("m6i.large");
        assertThat(unavailable.current(NOW)).containsExactlyInAnyOrder(
                key(SPOT, "m5.large", "us-east-1a"), key(SPOT, "m5.large", "us-east-1b"));
        assertThat(unavailable.reasons.values()).containsOnly("InsufficientCapacity");
    }

    @Test
    void launch_whenTheCloudLaunchesButReportsShortagesOnTheWay_remembersThem() {
        cloud.outOfCapacity(key(SPOT, "m5.large", "us-east-1a"), key(SPOT, "m5.large", "us-east-1b"));

        LaunchResult result = launcher.launch(request(pool("spot"), claim(SPOT), m5, m6i));

        assertThat(result.instanceType()).isEqualTo("m6i.large");
        assertThat(cloud.launches).hasSize(1);
        assertThat(unavailable.current(NOW)).containsExactlyInAnyOrder(
                key(SPOT, "m5.large", "us-east-1a"), key(SPOT, "m5.large", "us-east-1b"));
    }

    @Test
    void launch_whenEverySpotOfferingIsOutOfCapacity_fallsBackToOnDemand() {
        cloud.outOfCapacity(key(SPOT, "m5.large", "us-east-1a"), key(SPOT, "m5.large", "us-east-1b"),
                key(SPOT, "m6i.large", "us-east-1a"), key(SPOT, "m6i.large", "us-east-1b"));

        LaunchResult result = launcher.launch(request(pool("spot", "on-demand"), claim(SPOT), m5, m6i));

        assertThat(result.capacityType()).isEqualTo(ON_DEMAND);
        assertThat(result.instanceType()).isEqualTo("m5.large");
        assertThat(result.pricePerHour()).isEqualTo(0.096);
        assertThat(cloud.launches).extracting(LaunchRequest::capacityType).containsExactly(SPOT, ON_DEMAND);
        assertThat(unavailable.current(NOW)).hasSize(4).allMatch(key -> key.capacityType() == SPOT);
    }

    @Test
    void launch_whenSpotOnlyPoolRunsOutOfSpot_throwsInsufficientCapacityNamingEveryFailedOffering() {
        cloud.outOfCapacity(key(SPOT, "m5.large", "us-east-1a"), key(SPOT, "m5.large", "us-east-1b"),
                key(SPOT, "m6i.large", "us-east-1a"), key(SPOT, "m6i.large", "us-east-1b"));

        assertThatThrownBy(() -> launcher.launch(request(pool("spot"), claim(SPOT), m5, m6i)))
                .isInstanceOfSatisfying(InsufficientCapacityException.class,
                        e -> assertThat(e.offerings()).hasSize(4).allMatch(key -> key.capacityType() == SPOT));
        assertThat(cloud.launches).hasSize(1).allMatch(launch -> launch.capacityType() == SPOT);
    }

    @Test
    void launch_whenClaimRequiresSpot_doesNotFallBackAlthoughThePoolAllowsOnDemand() {
        cloud.outOfCapacity(key(SPOT, "m5.large", "us-east-1a"));
        var spotOnlyClaim = claim(SPOT, "us-east-1a").toBuilder()
                .requirements(java.util.List.of(dev.spotter.model.Requirement.in("karpenter.sh/capacity-type", "spot"))).build();

        assertThatThrownBy(() -> launcher.launch(request(pool("spot", "on-demand"), spotOnlyClaim, m5)))
                .isInstanceOf(InsufficientCapacityException.class);
        assertThat(cloud.launches).extracting(LaunchRequest::capacityType).containsOnly(SPOT);
    }

    @Test
    void launch_whenOfferingsAreAlreadyKnownUnavailable_leavesThemOutOfTheFirstAttempt() {
        unavailable.markUnavailable(key(SPOT, "m5.large", "us-east-1a"), "InsufficientCapacity", NOW.minusSeconds(30));
        unavailable.markUnavailable(key(SPOT, "m5.large", "us-east-1b"), "InsufficientCapacity", NOW.minusSeconds(30));

        LaunchResult result = launcher.launch(request(pool("spot", "on-demand"), claim(SPOT), m5, m6i));

        assertThat(result.instanceType()).isEqualTo("m6i.large");
        assertThat(cloud.launches).hasSize(1);
        assertThat(cloud.launches.get(0).offerings()).extracting(OfferingKey::instanceType).containsOnly("m6i.large");
    }

    @Test
    void launch_whenEntriesHaveLapsed_triesThoseOfferingsAgain() {
        unavailable.markUnavailable(key(SPOT, "m5.large", "us-east-1a"), "InsufficientCapacity", NOW.minusSeconds(600));

        LaunchResult result = launcher.launch(request(pool("spot"), claim(SPOT, "us-east-1a"), m5));

        assertThat(result.instanceType()).isEqualTo("m5.large");
    }

    @Test
    void launch_whenTheCloudKeepsReportingNewShortages_stopsAfterTheMaximumAttempts() {
        LaunchWithFallback twoAttempts = new LaunchWithFallback(cloud, unavailable, clock, 2);
        cloud.failNextLaunch(new InsufficientCapacityException("ICE", Set.of(key(SPOT, "m5.large", "us-east-1a"))))
                .failNextLaunch(new InsufficientCapacityException("ICE", Set.of(key(SPOT, "m5.large", "us-east-1b"))));

        assertThatThrownBy(() -> twoAttempts.launch(request(pool("spot", "on-demand"), claim(SPOT), m5, m6i)))
                .isInstanceOfSatisfying(InsufficientCapacityException.class, e -> assertThat(e.offerings())
                        .containsExactlyInAnyOrder(key(SPOT, "m5.large", "us-east-1a"), key(SPOT, "m5.large", "us-east-1b")));
        assertThat(cloud.launches).hasSize(2);
    }

    @Test
    void launch_whenLaunchFailedForAnotherReason_rethrowsAtOnceAndRemembersTheShortagesItReported() {
        OfferingKey short1 = key(SPOT, "m5.large", "us-east-1a");
        cloud.failNextLaunch(new LaunchFailedException("UnauthorizedOperation", "not allowed", Set.of(short1), null));

        assertThatThrownBy(() -> launcher.launch(request(pool("spot"), claim(SPOT), m5)))
                .isInstanceOfSatisfying(LaunchFailedException.class, e -> assertThat(e.reason()).isEqualTo("UnauthorizedOperation"));
        assertThat(cloud.launches).hasSize(1);
        assertThat(unavailable.reasons).containsEntry(short1, "UnauthorizedOperation");
    }

    @Test
    void launch_whenNodeClassIsNotReady_rethrowsWithoutRetrying() {
        cloud.failNextLaunch(new NodeClassNotReadyException("no subnets match"));

        assertThatThrownBy(() -> launcher.launch(request(pool("spot", "on-demand"), claim(SPOT), m5)))
                .isInstanceOf(NodeClassNotReadyException.class).hasMessageContaining("no subnets");
        assertThat(cloud.launches).hasSize(1);
    }

    @Test
    void launch_whenShortageNamesNoOffering_retriesWithoutAnyOfThatAttemptsOfferingsAndMarksNone() {
        cloud.failNextLaunch(new InsufficientCapacityException("VcpuLimitExceeded", Set.of()));

        LaunchResult result = launcher.launch(request(pool("spot", "on-demand"), claim(SPOT), m5, m6i));

        assertThat(result.capacityType()).isEqualTo(ON_DEMAND);
        assertThat(unavailable.expiries).isEmpty();
    }

    @Test
    void launch_whenNoOfferingIsLeftBeforeTheFirstAttempt_throwsWithoutCallingTheCloud() {
        LaunchRequest request = request(pool("spot"), claim(SPOT, "us-west-2a"), m5);

        assertThatThrownBy(() -> launcher.launch(request)).isInstanceOf(InsufficientCapacityException.class);
        assertThat(cloud.launches).isEmpty();
    }

    private static OfferingKey key(CapacityType type, String instanceType, String zone) {
        return new OfferingKey(type, instanceType, zone);
    }
}
