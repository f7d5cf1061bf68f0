package dev.spotter.nodeclaim;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A per-cluster lease that lets one provisioner at a time launch capacity. A lease not renewed lapses at
 * {@code expiresAt}, so a crashed holder blocks others for at most one term.
 */
public interface ProvisioningLease {

    /** Takes the lease if nobody holds it or the holder's term has run out. */
    Optional<Lease> tryAcquire(String cluster, String holder, Duration term, Instant now);

    /** Extends a lease still held by its holder; false when it was lost. */
    boolean renew(Lease lease, Duration term, Instant now);

    /** Gives the lease up if still held by its holder; releasing a lost lease is harmless. */
    void release(Lease lease);

    record Lease(String cluster, String holder, Instant expiresAt) {
    }
}
