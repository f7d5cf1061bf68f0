package dev.spotter.inmemory;

import dev.spotter.nodeclaim.ProvisioningLease;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A ProvisioningLease in memory with the DynamoDB lease's rules: a lease is held while {@code now < expiresAt};
 * anyone may take a lapsed or free lease, the holder may take it again; only the holder renews (while held) or
 * releases it. Records calls and injects errors (see {@link FakeCalls}).
 */
public final class InMemoryProvisioningLease extends FakeCalls implements ProvisioningLease {
    private static final Set<FaultKind> REFUSALS = Set.of(FaultKind.CONDITIONAL_FAILURE);
    private final Map<String, Lease> leases = new HashMap<>();

    public InMemoryProvisioningLease() {
        super("lease");
    }

    @Override
    public synchronized Optional<Lease> tryAcquire(String cluster, String holder, Duration term, Instant now) {
        if (record("tryAcquire", cluster + " " + holder, REFUSALS) != null) {
            return Optional.empty();
        }
        requirePositive(term);
        Lease current = leases.get(cluster);
        if (current != null && current.expiresAt().isAfter(now) && !current.holder().equals(holder)) {
            return Optional.empty();
        }
        Lease lease = new Lease(cluster, holder, now.plus(term));
        leases.put(cluster, lease);
        return done("tryAcquire", cluster + " " + holder, Optional.of(lease));
    }

    @Override
    public synchronized boolean renew(Lease lease, Duration term, Instant now) {
        if (record("renew", lease.cluster() + " " + lease.holder(), REFUSALS) != null) {
            return false;
        }
        requirePositive(term);
        Lease current = leases.get(lease.cluster());
        if (current == null || !current.holder().equals(lease.holder()) || !current.expiresAt().isAfter(now)) {
            return false;
        }
        leases.put(lease.cluster(), new Lease(lease.cluster(), lease.holder(), now.plus(term)));
        return done("renew", lease.cluster() + " " + lease.holder(), true);
    }

    @Override
    public synchronized void release(Lease lease) {
        if (record("release", lease.cluster() + " " + lease.holder(), REFUSALS) != null) {
            return; // the conditional delete failed: as the DynamoDB lease does, releasing is then a no-op
        }
        Lease current = leases.get(lease.cluster());
        if (current != null && current.holder().equals(lease.holder())) {
            leases.remove(lease.cluster());
        }
        done("release", lease.cluster() + " " + lease.holder());
    }

    /** The lease as stored, held or lapsed; not logged. */
    public synchronized Optional<Lease> current(String cluster) {
        return Optional.ofNullable(leases.get(cluster));
    }

    private static void requirePositive(Duration term) {
        if (term.isNegative() || term.isZero()) {
            throw new IllegalArgumentException("lease term must be positive, got " + term);
        }
    }
}
