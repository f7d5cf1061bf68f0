package dev.spotter.nodeclaim;

/** Where a NodeClaim is in its life. Terminated claims are tombstones kept until their expiry. */
public enum Phase {
    PLANNED, LAUNCHED, REGISTERED, INITIALIZED, DRAINING, TERMINATING, TERMINATED;

    /** Claims in these phases hold (or will hold) capacity that pending pods can count on. */
    public boolean isInFlight() {
        return this == PLANNED || this == LAUNCHED || this == REGISTERED || this == INITIALIZED;
    }

    public boolean isTerminal() {
        return this == TERMINATED;
    }
}
