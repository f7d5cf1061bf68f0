package dev.spotter.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Virtual time: the clock every handler, port and driver of one simulated control plane reads. Only the
 * {@link EventQueue} moves it, forward, to the time of the event it runs.
 */
public final class SimClock extends Clock {
    private Instant now;

    public SimClock(Instant start) {
        this.now = start;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulation clock runs in UTC");
    }

    @Override
    public Instant instant() {
        return now;
    }

    void advanceTo(Instant time) {
        if (time.isBefore(now)) {
            throw new IllegalStateException("virtual time cannot go back from " + now + " to " + time);
        }
        now = time;
    }
}
