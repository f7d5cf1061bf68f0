package dev.spotter.functions.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records what a handler counted, for assertions; flushing keeps the totals and counts the flushes. */
public final class RecordingSpotterMetrics implements SpotterMetrics {
    private final Map<String, Double> counts = new LinkedHashMap<>();
    private final Map<String, List<Double>> timings = new LinkedHashMap<>();
    private int flushes;

    @Override
    public synchronized void count(String metric, double value) {
        counts.merge(metric, value, Double::sum);
    }

    @Override
    public synchronized void milliseconds(String metric, double value) {
        timings.computeIfAbsent(metric, k -> new ArrayList<>()).add(value);
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    /** The total counted under {@code metric}, 0 if never counted. */
    public synchronized double total(String metric) {
        return counts.getOrDefault(metric, 0.0);
    }

    public synchronized Map<String, Double> counts() {
        return Map.copyOf(counts);
    }

    public synchronized List<Double> timings(String metric) {
        return List.copyOf(timings.getOrDefault(metric, List.of()));
    }

    public synchronized int flushes() {
        return flushes;
    }
}
