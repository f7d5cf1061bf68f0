package dev.spotter.infra;

/** The deployment's inputs (context, configuration directory, functions jar) are wrong: synth stops with this. */
public final class InvalidConfigurationException extends RuntimeException {

    public InvalidConfigurationException(String message) {
        super(message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
