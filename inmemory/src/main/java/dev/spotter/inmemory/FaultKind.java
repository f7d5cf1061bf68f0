package dev.spotter.inmemory;

/**
 * The faults a {@link FaultHook} can inject at a port call. Each port turns a kind into the error its real adapter
 * raises for it (see {@link FakeCalls#error}); {@link #CRASH} is the invocation dying (Lambda timeout, out of memory)
 * and is thrown as an {@link InvocationCrash}, which no handler catches.
 */
public enum FaultKind {
    /** The invocation dies here: nothing after this point runs, not even finally blocks' port calls. */
    CRASH,
    /** The call times out: the caller sees an error; after the call, its effect happened anyway. */
    TIMEOUT,
    /** The service throttles the call (EC2 RequestLimitExceeded, DynamoDB ThrottlingException, HTTP 429). */
    THROTTLE,
    /** Kubernetes answers 409 Conflict. */
    CONFLICT,
    /** The service answers 500. */
    SERVER_ERROR,
    /** A DynamoDB conditional write fails (the store's version conflict; the lease refuses). */
    CONDITIONAL_FAILURE,
    /** EC2 has no capacity for the offerings asked for. */
    INSUFFICIENT_CAPACITY
}
