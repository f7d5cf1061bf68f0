package dev.spotter.nodeclaim;

/**
 * Where a NodeClaim is in its life. Terminated claims are tombstones kept until their expiry. A Proposed claim is a
 * replacement a disruption command will launch once validated: it holds no capacity, and only the disruption executor
 * moves it on (to Planned, then launched) or deletes it.
 */
public enum Phase {
    PROPOSED, PLANNED, LAUNCHED, REGISTERED, INITIALIZED, DRAINING, TERMINATING, TERMINATED;

    /** Claims in these phases hold (or will hold) capacity that pending pods can count on. */
    public boolean isInFlight() {
        return this == PLANNED || this == LAUNCHED || this == REGISTERED || this == INITIALIZED;
    }

    public boolean isTerminal() {
        return this == TERMINATED;
    }
}
