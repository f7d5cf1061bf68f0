package dev.spotter.cloud;

import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.OfferingKey;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.spotter.catalog.CapacityType.ON_DEMAND;
import static dev.spotter.catalog.CapacityType.SPOT;
import static dev.spotter.cloud.LaunchFixtures.claim;
import static dev.spotter.cloud.LaunchFixtures.pool;
import static dev.spotter.cloud.LaunchFixtures.request;
import static dev.spotter.cloud.LaunchFixtures.type;
import static org.assertj.core.api.Assertions.assertThat;

class LaunchRequestTest {
    private final InstanceType m5 = type("m5.large", 0.096, 0.04, "us-east-1a", "us-east-1b");

    @Test
    void of_whenClaimNamesNoCapacityTypeAndPoolAllowsSpot_prefersSpot() {
        assertThat(request(pool("spot", "on-demand"), claim(null), m5).capacityType()).isEqualTo(SPOT);
    }

    @Test
    void of_whenPoolDoesNotConstrainCapacityType_usesOnDemandAsKarpenterDefaults() {
        LaunchRequest request = request(pool(), claim(null), m5);

        assertThat(request.capacityType()).isEqualTo(ON_DEMAND);
        assertThat(request.allows(SPOT)).isFalse();
    }

    @Test
    void offerings_whenClaimNamesZones_keepsOnlyThoseZonesOfTheCapacityType() {
        LaunchRequest request = request(pool("spot"), claim(SPOT, "us-east-1b"), m5);

        assertThat(request.offerings()).containsExactly(new OfferingKey(SPOT, "m5.large", "us-east-1b"));
    }

    @Test
    void without_whenEveryOfferingOfATypeIsDropped_leavesTheTypeOutOfTheLaunchableOnes() {
        InstanceType c5 = type("c5.large", 0.085, 0.035, "us-east-1a");
        LaunchRequest request = request(pool("spot"), claim(SPOT), m5, c5)
                .without(Set.of(new OfferingKey(SPOT, "c5.large", "us-east-1a")));

        assertThat(request.launchableInstanceTypes()).extracting(InstanceType::name).containsExactly("m5.large");
        assertThat(request.launchableZones(m5)).containsExactly("us-east-1a", "us-east-1b");
    }

    @Test
    void clusterDnsIp_whenServiceCidrIsKnown_isItsTenthAddress() {
        assertThat(LaunchFixtures.CLUSTER.clusterDnsIp()).isEqualTo("10.100.0.10");
        assertThat(new ClusterInfo("c", "https://x", "", "1.31", "172.20.0.0/16").clusterDnsIp()).isEqualTo("172.20.0.10");
        assertThat(new ClusterInfo("c", "https://x", "", "1.31", "fd00::/108").clusterDnsIp()).isEmpty();
    }

    @Test
    void providerId_isTheAwsProviderIdOfTheInstance() {
        assertThat(new LaunchResult("i-123", "m5.large", "us-east-1a", SPOT, 0.04).providerId())
                .isEqualTo("aws:///us-east-1a/i-123");
    }
}
