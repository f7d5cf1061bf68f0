package dev.spotter.functions.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.function.Supplier;

/**
 * The frame of every handler invocation: Powertools' Lambda fields on each log line (request id, cold start,
 * function name) and the invocation's metrics flushed at its end, even when it fails.
 */
public final class Invocation {
    private Invocation() {
    }

    private static final java.util.concurrent.atomic.AtomicLong LOCAL_INVOCATIONS = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Who this invocation is, for leases and logs: Lambda's request id (one per invocation), or outside Lambda
     * {@code prefix}, the process id and a count of this process's invocations. Never shared by two invocations that
     * may run at once (two deliveries of one tick, two handlers in one test), or both would hold one lease.
     */
    public static String holder(Context context, String prefix) {
        return context == null || context.getAwsRequestId() == null
                ? prefix + "-" + ProcessHandle.current().pid() + "-" + LOCAL_INVOCATIONS.incrementAndGet()
                : context.getAwsRequestId();
    }

    /** Runs {@code body}; {@code context} may be null (tests), then logs carry no Lambda fields. */
    public static <T> T run(Context context, SpotterMetrics metrics, Supplier<T> body) {
        return run(context, metrics, () -> { }, body);
    }

    /**
     * Runs {@code body}, then publishes the decision events it reported ({@code flushEvents}, whether it succeeded or
     * not: what was done was done) before the metrics are flushed, so that the count of events that failed is
     * written too.
     */
    public static <T> T run(Context context, SpotterMetrics metrics, Runnable flushEvents, Supplier<T> body) {
        try {
            return context == null ? body.get() : PowertoolsLogging.withLogging(context, body);
        } finally {
            try {
                flushEvents.run();
            } finally {
                metrics.flush();
            }
        }
    }
}
