package dev.spotter.events;

/**
 * Where Spotter reports the decisions it acted on (EventBridge in Lambda). Publishing is informative only: it never
 * throws and never holds up the decision it reports; an event that cannot be delivered is logged and counted.
 */
public interface DecisionEvents {

    /** Publishes nothing: for dry runs, tools and tests that do not look at events. */
    DecisionEvents NONE = event -> { };

    /** Records the event; an implementation may send it at once or keep it for {@link #flush()}. */
    void publish(DecisionEvent event);

    /** Sends what {@link #publish} kept; called once at the end of each invocation. Never throws. */
    default void flush() {
    }
}
