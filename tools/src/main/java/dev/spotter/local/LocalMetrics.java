package dev.spotter.local;

import dev.spotter.functions.runtime.SpotterMetrics;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * The functions' metrics for a local run: summed per name and printed as one line on stderr when the invocation
 * flushes them, where Lambda would write Embedded Metric Format to stdout.
 */
final class LocalMetrics implements SpotterMetrics {
    private final PrintStream err;
    private final Map<String, Double> counts = new TreeMap<>();
    private final Map<String, Double> milliseconds = new TreeMap<>();

    LocalMetrics(PrintStream err) {
        this.err = err;
    }

    @Override
    public synchronized void count(String metric, double value) {
        counts.merge(metric, value, Double::sum);
    }

    @Override
    public synchronized void milliseconds(String metric, double value) {
        milliseconds.merge(metric, value, Double::sum);
    }

    @Override
    public synchronized void flush() {
        if (counts.isEmpty() && milliseconds.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder("metrics:");
        counts.forEach((name, value) -> line.append(' ').append(name).append('=').append(format(value)));
        milliseconds.forEach((name, value) -> line.append(' ').append(name).append('=').append(format(value)).append("ms"));
        err.println(line);
        counts.clear();
        milliseconds.clear();
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
