package dev.spotter.interruption;

/**
 * Reads the events of one kind, registered under {@link #key()} in {@link InterruptionParsers}. A parser may answer
 * a no-op event for events of its key that Spotter does not act on (e.g. AWS Health events of other services).
 */
public interface EventParser {

    EventKey key();

    /** @throws InterruptionParseException naming the field that is missing or wrong */
    InterruptionEvent parse(EventEnvelope envelope);
}
