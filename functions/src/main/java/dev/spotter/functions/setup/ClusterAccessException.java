package dev.spotter.functions.setup;

/** Spotter's cluster objects could not be applied or removed; the message names the object and the API answer. */
public final class ClusterAccessException extends RuntimeException {

    public ClusterAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
