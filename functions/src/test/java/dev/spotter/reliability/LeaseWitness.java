package dev.spotter.reliability;

import dev.spotter.nodeclaim.ProvisioningLease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The lease as the handlers see it, watched: it records which running invocation believes it holds the lease, and
 * reports a violation when an invocation acquires or renews it while another running one holds an unexpired lease.
 */
final class LeaseWitness implements ProvisioningLease {
    private final ProvisioningLease lease;
    private final Clock clock;
    private final Supplier<Integer> currentInvocation;
    private final Supplier<List<Integer>> runningInvocations;
    private final Consumer<String> violation;
    private final Map<Integer, Instant> believedHeldUntil = new HashMap<>();
    int checks;

    LeaseWitness(ProvisioningLease lease, Clock clock, Supplier<Integer> currentInvocation,
                 Supplier<List<Integer>> runningInvocations, Consumer<String> violation) {
        this.lease = lease;
        this.clock = clock;
        this.currentInvocation = currentInvocation;
        this.runningInvocations = runningInvocations;
        this.violation = violation;
    }

    @Override
    public Optional<Lease> tryAcquire(String cluster, String holder, Duration term, Instant now) {
        Optional<Lease> result = lease.tryAcquire(cluster, holder, term, now);
        result.ifPresent(held -> held(held.expiresAt(), "tryAcquire by " + holder));
        return result;
    }

    @Override
    public boolean renew(Lease held, Duration term, Instant now) {
        boolean renewed = lease.renew(held, term, now);
        if (renewed) {
            held(now.plus(term), "renew by " + held.holder());
        }
        return renewed;
    }

    @Override
    public void release(Lease held) {
        lease.release(held);
        believedHeldUntil.remove(currentInvocation.get());
    }

    private void held(Instant until, String what) {
        checks++;
        int me = currentInvocation.get();
        Instant now = clock.instant();
        List<Integer> running = runningInvocations.get();
        believedHeldUntil.keySet().retainAll(running);
        for (Map.Entry<Integer, Instant> other : believedHeldUntil.entrySet()) {
            if (other.getKey() != me && other.getValue().isAfter(now)) {
                violation.accept("the lease has two holders: " + what + " (invocation " + me + ") while invocation "
                        + other.getKey() + " holds it until " + other.getValue());
            }
        }
        believedHeldUntil.put(me, until);
    }
}
