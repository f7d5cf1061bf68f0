package dev.spotter.functions.runtime;

/**
 * The few metric operations Spotter's handlers use. In Lambda it is {@link PowertoolsSpotterMetrics} (CloudWatch
 * Embedded Metric Format, namespace {@code Spotter}); tests use a recording fake and assert on what was counted.
 */
public interface SpotterMetrics {

    /** The CloudWatch namespace of every Spotter metric. */
    String NAMESPACE = "Spotter";

    void count(String metric, double value);

    default void count(String metric) {
        count(metric, 1);
    }

    void milliseconds(String metric, double value);

    /** Writes what was recorded in this invocation; called once at its end. */
    void flush();
}
