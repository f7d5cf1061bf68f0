package dev.spotter.interruption;

/** What an interruption event says is happening to the instances it names. */
public enum InterruptionKind {
    /** EC2 takes the spot instance back in about two minutes. */
    SPOT_INTERRUPTION,
    /** The spot instance is at elevated risk of interruption; it may keep running. */
    REBALANCE_RECOMMENDATION,
    /** The instance changed state; the event's {@code state} says to which. */
    STATE_CHANGE,
    /** AWS Health announced maintenance or retirement of the instance. */
    SCHEDULED_CHANGE,
    /** The owner of an interruptible Capacity Reservation reclaims it in about two minutes. */
    CAPACITY_RESERVATION_INTERRUPTION,
    /** An event Spotter does not act on (unknown kind, or a kind outside what is watched). */
    NO_OP
}
