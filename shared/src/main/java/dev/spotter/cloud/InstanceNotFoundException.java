package dev.spotter.cloud;

/** The cloud does not know the instance (never existed, or terminated long enough ago to be forgotten). */
public class InstanceNotFoundException extends CloudProviderException {
    private final String instanceId;

    public InstanceNotFoundException(String instanceId, Throwable cause) {
        super("instance " + instanceId + " not found", cause);
        this.instanceId = instanceId;
    }

    public String instanceId() {
        return instanceId;
    }
}
