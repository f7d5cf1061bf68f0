package dev.spotter.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * The discrete-event loop: actions ordered by virtual time, ties broken by the order they were scheduled in (so a run
 * is deterministic). Running an action moves the {@link SimClock} to its time; an action may schedule more.
 */
public final class EventQueue {
    private final SimClock clock;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private long sequence;
    private long processed;

    public EventQueue(SimClock clock) {
        this.clock = clock;
    }

    public SimClock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Runs {@code action} at {@code time}; a time already past runs it now (after what is due now). */
    public void at(Instant time, Runnable action) {
        Instant when = time.isBefore(clock.instant()) ? clock.instant() : time;
        queue.add(new Scheduled(when, sequence++, action));
    }

    public void after(Duration delay, Runnable action) {
        at(clock.instant().plus(delay), action);
    }

    /** Runs every action due up to and including {@code end}; later ones stay queued. The clock ends at {@code end}. */
    public void runUntil(Instant end, Runnable afterEach) {
        while (!queue.isEmpty() && !queue.peek().time.isAfter(end)) {
            Scheduled next = queue.poll();
            clock.advanceTo(next.time);
            next.action.run();
            processed++;
            afterEach.run();
        }
        clock.advanceTo(end);
    }

    /** How many actions have run. */
    public long processed() {
        return processed;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    private record Scheduled(Instant time, long sequence, Runnable action) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled other) {
            int byTime = time.compareTo(other.time);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
