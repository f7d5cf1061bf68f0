package dev.spotter.cloud;

/** A cloud call other than a launch (terminate, list, describe) failed; retrying later may help. */
public class CloudOperationException extends CloudProviderException {
    public CloudOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
