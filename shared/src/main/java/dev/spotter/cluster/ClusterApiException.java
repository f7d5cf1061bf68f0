package dev.spotter.cluster;

/** A call to the Kubernetes API failed; the message names the operation and the server's answer. */
public class ClusterApiException extends RuntimeException {
    private final int statusCode;

    public ClusterApiException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /** The HTTP status the API server answered, or 0 when none came back (timeout, connection refused). */
    public int statusCode() {
        return statusCode;
    }
}
