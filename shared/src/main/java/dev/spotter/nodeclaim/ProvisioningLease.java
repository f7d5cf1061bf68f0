package dev.spotter.nodeclaim;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A per-cluster lease that lets one provisioner at a time launch capacity. A lease not renewed lapses at
 * {@code expiresAt}, so a crashed holder blocks others for at most one term.
 */
public interface ProvisioningLease {
    /**
     * How long a lease lasts unless renewed: the timeout of the longest function that takes it (the provisioner and
     * the tick, 120 s; the stack derives their timeouts from this), so a holder that is still running never loses it
     * between renewals, and a crashed one blocks the others for at most one function timeout.
     */
    Duration TERM = Duration.ofMinutes(2);

    /** Takes the lease if nobody holds it or the holder's term has run out. */
    Optional<Lease> tryAcquire(String cluster, String holder, Duration term, Instant now);

    /** Extends a lease still held by its holder; false when it was lost. */
    boolean renew(Lease lease, Duration term, Instant now);

    /** Gives the lease up if still held by its holder; releasing a lost lease is harmless. */
    void release(Lease lease);

    record Lease(String cluster, String holder, Instant expiresAt) {
    }
}
