package dev.spotter.local;

import org.apache.logging.log4j.core.config.Configurator;

import java.net.URISyntaxException;
import java.net.URL;

/**
 * Sends the functions' logs to stderr as readable lines while {@code spotter invoke} runs, instead of Lambda's JSON
 * lines on stdout: stdout must carry nothing but the handler's response, so that it can be piped into {@code jq}.
 */
final class LocalLogging {
    static final String CONFIGURATION = "dev/spotter/local/log4j2-local.xml";

    private LocalLogging() {
    }

    /** Reconfigures Log4j for this JVM; meant for the command-line process only, never for Lambda or tests. */
    static void toStandardError() {
        URL configuration = LocalLogging.class.getClassLoader().getResource(CONFIGURATION);
        if (configuration == null) {
            throw new IllegalStateException(CONFIGURATION + " is not on the classpath");
        }
        try {
            Configurator.reconfigure(configuration.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad classpath URL " + configuration, e);
        }
    }
}
