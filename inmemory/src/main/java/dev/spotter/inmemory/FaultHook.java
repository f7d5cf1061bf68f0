package dev.spotter.inmemory;

/**
 * Called at every port call of the in-memory implementations, before the call takes effect and after it took effect
 * (before the caller sees its result). A hook injects a fault by returning its kind, and may run other work first
 * (another invocation running concurrently, the clock moving on). {@link SeededFaults} is a hook driven by a seed.
 */
public interface FaultHook {
    /** No faults. */
    FaultHook NONE = new FaultHook() {
    };

    /** The fault to inject before the call (nothing happens), or null for none. */
    default FaultKind before(PortCall call) {
        return null;
    }

    /** The fault to inject after the call took effect (its result is lost), or null for none. */
    default FaultKind after(PortCall call) {
        return null;
    }
}
