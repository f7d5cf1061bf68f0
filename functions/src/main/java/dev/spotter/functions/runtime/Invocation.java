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

    /**
     * Who this invocation is, for leases and logs: Lambda's request id, or outside Lambda {@code prefix} and the
     * process id.
     */
    public static String holder(Context context, String prefix) {
        return context == null || context.getAwsRequestId() == null ? prefix + "-" + ProcessHandle.current().pid()
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
