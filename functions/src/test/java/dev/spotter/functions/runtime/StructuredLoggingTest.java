package dev.spotter.functions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped log4j2.xml writes one JSON object per line with Spotter's structured fields at the top level. */
class StructuredLoggingTest {
    private static final Logger LOG = LoggerFactory.getLogger("dev.spotter.test.StructuredLogging");

    private final StringWriter written = new StringWriter();
    private WriterAppender capture;
    private LoggerConfig spotterLoggers;

    @BeforeEach
    void captureWithTheConfiguredLayout() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        Layout<?> layout = configuration.getAppender("JsonAppender").getLayout();
        capture = WriterAppender.newBuilder().setName("capture").setLayout(layout).setTarget(written).build();
        capture.start();
        spotterLoggers = configuration.getLoggerConfig("dev.spotter");
        spotterLoggers.addAppender(capture, null, null);
        context.updateLoggers();
    }

    @AfterEach
    void stopCapturing() {
        spotterLoggers.removeAppender("capture");
        capture.stop();
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();
    }

    @Test
    void log_whenScopedKeysAndStructuredArguments_writesThemAsTopLevelJsonFields() throws Exception {
        try (MDC.MDCCloseable ignored = LogKeys.scope(LogKeys.INSTANCE, "i-1234567890abcdef0")) {
            LOG.info("draining {} of {}", LogKeys.node("ip-10-0-1-23.ec2.internal"), LogKeys.nodeClaim("web-abc12"));
        }
        LOG.info("after the scope {}", LogKeys.pod("shop/checkout-1"));

        String[] lines = written.toString().strip().split("\\R");
        assertThat(lines).hasSize(2);
        JsonNode first = Json.MAPPER.readTree(lines[0]);
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("message").asText()).contains("draining");
        assertThat(first.get(LogKeys.INSTANCE).asText()).isEqualTo("i-1234567890abcdef0");
        assertThat(first.get(LogKeys.NODE).asText()).isEqualTo("ip-10-0-1-23.ec2.internal");
        assertThat(first.get(LogKeys.NODE_CLAIM).asText()).isEqualTo("web-abc12");
        JsonNode second = Json.MAPPER.readTree(lines[1]);
        assertThat(second.has(LogKeys.INSTANCE)).isFalse();
        assertThat(second.get(LogKeys.POD).asText()).isEqualTo("shop/checkout-1");
    }
}
