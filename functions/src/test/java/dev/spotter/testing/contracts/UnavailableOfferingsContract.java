package dev.spotter.testing.contracts;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.catalog.UnavailableOfferings;
import dev.spotter.testing.TestAws;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What every UnavailableOfferings must do; run against DynamoDB and the in-memory fake. Time is injected. */
public abstract class UnavailableOfferingsContract {
    protected static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
    private static final OfferingKey SPOT_M7I = new OfferingKey(CapacityType.SPOT, "m7i.large", "us-east-1a");
    private static final OfferingKey SPOT_M7I_B = new OfferingKey(CapacityType.SPOT, "m7i.large", "us-east-1b");
    private static final OfferingKey ON_DEMAND_M7I = new OfferingKey(CapacityType.ON_DEMAND, "m7i.large", "us-east-1a");

    protected final String cluster = TestAws.uniqueName("cluster");

    /** The offerings of one cluster, with the default 3-minute TTL. */
    protected abstract UnavailableOfferings offerings(String cluster);

    protected abstract UnavailableOfferings offerings(String cluster, Duration ttl);

    @Test
    void current_whenNothingMarked_isEmpty() {
        assertThat(offerings(cluster).current(T0)).isEmpty();
    }

    @Test
    void current_whenMarked_holdsOfferingForThreeMinutes() {
        UnavailableOfferings offerings = offerings(cluster);
        offerings.markUnavailable(SPOT_M7I, "InsufficientInstanceCapacity", T0);

        assertThat(offerings.current(T0)).containsExactly(SPOT_M7I);
        assertThat(offerings.current(T0.plus(Duration.ofMinutes(3)).minusMillis(1))).containsExactly(SPOT_M7I);
        assertThat(offerings.current(T0.plus(Duration.ofMinutes(3)))).isEmpty();
    }

    @Test
    void markUnavailable_whenMarkedAgain_extendsExpiry() {
        UnavailableOfferings offerings = offerings(cluster);
        offerings.markUnavailable(SPOT_M7I, "InsufficientInstanceCapacity", T0);
        offerings.markUnavailable(SPOT_M7I, "InsufficientInstanceCapacity", T0.plusSeconds(120));

        assertThat(offerings.current(T0.plusSeconds(200))).containsExactly(SPOT_M7I);
        assertThat(offerings.current(T0.plusSeconds(300))).isEmpty();
    }

    @Test
    void current_distinguishesCapacityTypeAndZone() {
        UnavailableOfferings offerings = offerings(cluster);
        offerings.markUnavailable(SPOT_M7I, "InsufficientInstanceCapacity", T0);
        offerings.markUnavailable(SPOT_M7I_B, "InsufficientInstanceCapacity", T0.plusSeconds(60));
        offerings.markUnavailable(ON_DEMAND_M7I, "InstanceLimitExceeded", T0.plusSeconds(120));

        assertThat(offerings.current(T0.plusSeconds(1))).containsExactlyInAnyOrder(SPOT_M7I, SPOT_M7I_B, ON_DEMAND_M7I);
        assertThat(offerings.current(T0.plusSeconds(200))).containsExactlyInAnyOrder(SPOT_M7I_B, ON_DEMAND_M7I);
        assertThat(offerings.current(T0.plusSeconds(260))).containsExactly(ON_DEMAND_M7I);
    }

    @Test
    void current_whenTtlConfigured_lapsesAfterIt() {
        UnavailableOfferings offerings = offerings(cluster, Duration.ofSeconds(30));
        offerings.markUnavailable(SPOT_M7I, "InsufficientInstanceCapacity", T0);

        assertThat(offerings.current(T0.plusSeconds(29))).containsExactly(SPOT_M7I);
        assertThat(offerings.current(T0.plusSeconds(30))).isEmpty();
    }
}
