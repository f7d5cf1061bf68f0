package dev.spotter.cloud;

/** A failure reported by a {@link CloudProvider}; the subclass says what the caller should do about it. */
public abstract class CloudProviderException extends RuntimeException {
    protected CloudProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
