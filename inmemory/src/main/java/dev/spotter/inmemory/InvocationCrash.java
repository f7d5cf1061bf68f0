package dev.spotter.inmemory;

/**
 * An invocation dying at a port call (Lambda's timeout, the process killed). An {@link Error}, so that handlers,
 * which catch {@link RuntimeException}, cannot swallow it; a {@link SeededFaults} keeps failing every later call of
 * the crashed invocation, so that its finally blocks cannot tidy up either.
 */
public final class InvocationCrash extends Error {
    public InvocationCrash(PortCall call) {
        super("invocation crashed at " + call, null, false, false);
    }
}
