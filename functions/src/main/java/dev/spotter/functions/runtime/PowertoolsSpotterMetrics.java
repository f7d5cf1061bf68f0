package dev.spotter.functions.runtime;

import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Spotter's metrics through Powertools Metrics (functional API, no AspectJ): Embedded Metric Format on stdout,
 * which CloudWatch turns into metrics in namespace {@code Spotter}, dimension {@code Service} (the
 * {@code POWERTOOLS_SERVICE_NAME} of the function, {@code spotter} when unset).
 */
public final class PowertoolsSpotterMetrics implements SpotterMetrics {
    private final Metrics metrics;

    private PowertoolsSpotterMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    /** Powertools keeps one Metrics instance per JVM; every call returns a view of it. */
    public static PowertoolsSpotterMetrics create() {
        MetricsBuilder builder = MetricsBuilder.builder().withNamespace(NAMESPACE).withRaiseOnEmptyMetrics(false);
        String service = System.getenv("POWERTOOLS_SERVICE_NAME");
        if (service == null || service.isBlank()) {
            builder.withService("spotter");
        }
        return new PowertoolsSpotterMetrics(builder.build());
    }

    @Override
    public void count(String metric, double value) {
        metrics.addMetric(metric, value, MetricUnit.COUNT);
    }

    @Override
    public void milliseconds(String metric, double value) {
        metrics.addMetric(metric, value, MetricUnit.MILLISECONDS);
    }

    @Override
    public void flush() {
        metrics.flush();
    }
}
