package dev.spotter.testing.contracts;

import dev.spotter.nodeclaim.ProvisioningLease;
import dev.spotter.nodeclaim.ProvisioningLease.Lease;
import dev.spotter.testing.Races;
import dev.spotter.testing.TestAws;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every ProvisioningLease must do; run against DynamoDB and the in-memory fake. Time is always injected. */
public abstract class ProvisioningLeaseContract {
    protected static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
    protected static final Duration TERM = Duration.ofSeconds(60);

    protected final String cluster = TestAws.uniqueName("cluster");

    protected abstract ProvisioningLease lease();

    @Test
    void tryAcquire_whenFree_grantsLeaseForOneTerm() {
        Optional<Lease> lease = lease().tryAcquire(cluster, "provisioner-a", TERM, T0);

        assertThat(lease).contains(new Lease(cluster, "provisioner-a", T0.plus(TERM)));
    }

    @Test
    void tryAcquire_whenHeldByAnother_returnsEmpty() {
        lease().tryAcquire(cluster, "provisioner-a", TERM, T0);

        assertThat(lease().tryAcquire(cluster, "provisioner-b", TERM, T0.plus(TERM).minusMillis(1))).isEmpty();
    }

    @Test
    void tryAcquire_whenHoldersTermRanOut_grantsItToAnother() {
        lease().tryAcquire(cluster, "provisioner-a", TERM, T0);

        Optional<Lease> taken = lease().tryAcquire(cluster, "provisioner-b", TERM, T0.plus(TERM));

        assertThat(taken).contains(new Lease(cluster, "provisioner-b", T0.plus(TERM).plus(TERM)));
        assertThat(lease().renew(new Lease(cluster, "provisioner-a", T0.plus(TERM)), TERM, T0.plus(TERM))).isFalse();
    }

    @Test
    void tryAcquire_whenHolderAsksAgain_extendsIt() {
        lease().tryAcquire(cluster, "provisioner-a", TERM, T0);

        Optional<Lease> again = lease().tryAcquire(cluster, "provisioner-a", TERM, T0.plusSeconds(30));

        assertThat(again).map(Lease::expiresAt).contains(T0.plusSeconds(30).plus(TERM));
        assertThat(lease().tryAcquire(cluster, "provisioner-b", TERM, T0.plus(TERM))).isEmpty();
    }

    @Test
    void tryAcquire_whenAnotherClusterIsHeld_grantsIt() {
        lease().tryAcquire(TestAws.uniqueName("cluster"), "provisioner-a", TERM, T0);

        assertThat(lease().tryAcquire(cluster, "provisioner-b", TERM, T0)).isPresent();
    }

    @Test
    void tryAcquire_whenTermNotPositive_throws() {
        assertThatThrownBy(() -> lease().tryAcquire(cluster, "provisioner-a", Duration.ZERO, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("term");
    }

    @Test
    void tryAcquire_whenProvisionersRace_exactlyOneWins() throws Exception {
        List<Callable<Optional<Lease>>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String holder = "provisioner-" + i;
            attempts.add(() -> lease().tryAcquire(cluster, holder, TERM, T0));
        }

        List<Optional<Lease>> results = Races.runTogether(attempts);

        List<Lease> winners = results.stream().flatMap(Optional::stream).toList();
        assertThat(winners).hasSize(1);
        String winner = winners.get(0).holder();
        for (int i = 0; i < 8; i++) {
            String holder = "provisioner-" + i;
            if (!holder.equals(winner)) {
                assertThat(lease().tryAcquire(cluster, holder, TERM, T0.plusSeconds(1))).isEmpty();
            }
        }
    }

    @Test
    void renew_whenHeld_extendsTermFromNow() {
        Lease held = lease().tryAcquire(cluster, "provisioner-a", TERM, T0).orElseThrow();

        assertThat(lease().renew(held, TERM, T0.plusSeconds(50))).isTrue();

        assertThat(lease().tryAcquire(cluster, "provisioner-b", TERM, T0.plusSeconds(100))).isEmpty();
        assertThat(lease().tryAcquire(cluster, "provisioner-b", TERM, T0.plusSeconds(110))).isPresent();
    }

    @Test
    void renew_whenTermRanOut_returnsFalse() {
        Lease held = lease().tryAcquire(cluster, "provisioner-a", TERM, T0).orElseThrow();

        assertThat(lease().renew(held, TERM, T0.plus(TERM))).isFalse();
    }

    @Test
    void renew_whenNeverHeld_returnsFalse() {
        assertThat(lease().renew(new Lease(cluster, "provisioner-a", T0.plus(TERM)), TERM, T0)).isFalse();
    }

    @Test
    void renew_whenAnotherHolds_returnsFalseAndKeepsTheirLease() {
        lease().tryAcquire(cluster, "provisioner-b", TERM, T0);

        assertThat(lease().renew(new Lease(cluster, "provisioner-a", T0.plus(TERM)), TERM, T0.plusSeconds(1))).isFalse();
        assertThat(lease().tryAcquire(cluster, "provisioner-a", TERM, T0.plusSeconds(2))).isEmpty();
    }

    @Test
    void release_whenHeld_letsAnotherAcquireAtOnce() {
        Lease held = lease().tryAcquire(cluster, "provisioner-a", TERM, T0).orElseThrow();

        lease().release(held);

        assertThat(lease().tryAcquire(cluster, "provisioner-b", TERM, T0.plusSeconds(1))).isPresent();
    }

    @Test
    void release_whenLeaseWasLost_leavesNewHoldersLease() {
        Lease stale = lease().tryAcquire(cluster, "provisioner-a", TERM, T0).orElseThrow();
        lease().tryAcquire(cluster, "provisioner-b", TERM, T0.plus(TERM));

        lease().release(stale);

        assertThat(lease().tryAcquire(cluster, "provisioner-c", TERM, T0.plus(TERM).plusSeconds(1))).isEmpty();
    }

    @Test
    void release_whenNothingHeld_isHarmless() {
        lease().release(new Lease(cluster, "provisioner-a", T0));

        assertThat(lease().tryAcquire(cluster, "provisioner-a", TERM, T0)).isPresent();
    }
}
