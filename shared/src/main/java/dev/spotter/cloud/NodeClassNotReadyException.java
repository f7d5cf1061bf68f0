package dev.spotter.cloud;

/** The EC2NodeClass cannot be launched from: no subnet, security group or AMI matches its selectors. */
public class NodeClassNotReadyException extends CloudProviderException {
    public NodeClassNotReadyException(String message) {
        super(message, null);
    }

    public NodeClassNotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
