package dev.spotter.inmemory;

/**
 * A failed call of a port whose real adapter raises no domain exception for it (a DynamoDB timeout or throttle is an
 * SDK exception the callers see as any {@link RuntimeException}). Names the call and the fault.
 */
public final class InjectedFault extends RuntimeException {
    private final FaultKind kind;

    public InjectedFault(FaultKind kind, PortCall call) {
        super(kind + " at " + call);
        this.kind = kind;
    }

    public FaultKind kind() {
        return kind;
    }
}
