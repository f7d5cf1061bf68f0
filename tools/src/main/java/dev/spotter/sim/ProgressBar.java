package dev.spotter.sim;

import java.io.PrintStream;

/**
 * A progress bar on stderr for runs that take more than a couple of seconds: redrawn in place (carriage return) at
 * most every 200 ms, showing the strategy and how much virtual time has been simulated. Silent for short runs.
 */
public final class ProgressBar {
    private static final long SHOW_AFTER_NANOS = 2_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final long started = System.nanoTime();
    private long lastDrawn;
    private boolean shown;

    public ProgressBar(PrintStream err) {
        this.err = err;
    }

    /** {@code done} out of {@code total} (any unit); {@code label} says what runs now. */
    public void update(double done, double total, String label) {
        long now = System.nanoTime();
        if (err == null || now - started < SHOW_AFTER_NANOS || now - lastDrawn < REDRAW_NANOS) {
            return;
        }
        lastDrawn = now;
        shown = true;
        double share = total <= 0 ? 1 : Math.min(1, done / total);
        int filled = (int) Math.round(share * WIDTH);
        err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format("%3.0f%% %-40s", 100 * share, label));
        err.flush();
    }

    /** Ends the bar's line, if one was drawn. */
    public void finish() {
        if (shown) {
            err.println();
            shown = false;
        }
    }
}
