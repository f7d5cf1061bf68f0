package dev.spotter.functions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PowertoolsSpotterMetricsTest {

    @Test
    void flush_whenCounted_writesEmbeddedMetricFormatInTheSpotterNamespace() throws Exception {
        // Outside Lambda the EMF library would look for a CloudWatch agent; "Local" writes to stdout as Lambda does.
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
        SpotterMetrics metrics = PowertoolsSpotterMetrics.create();
        String output = captureStdout(() -> {
            metrics.count("TestSignalsSent", 2);
            metrics.milliseconds("TestLatency", 12.5);
            metrics.flush();
        });

        JsonNode emf = lastJsonLineWith(output, "_aws");
        JsonNode directive = emf.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("Spotter");
        assertThat(directive.get("Metrics").findValuesAsText("Name")).contains("TestSignalsSent", "TestLatency");
        assertThat(emf.get("TestSignalsSent").asDouble()).isEqualTo(2.0);
        assertThat(emf.get("TestLatency").asDouble()).isEqualTo(12.5);
    }

    private static String captureStdout(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode lastJsonLineWith(String output, String field) throws Exception {
        JsonNode found = null;
        for (String line : output.split("\\R")) {
            if (line.startsWith("{") && line.contains("\"" + field + "\"")) {
                found = Json.MAPPER.readTree(line);
            }
        }
        assertThat(found).as("an EMF line in: " + output).isNotNull();
        return found;
    }
}
