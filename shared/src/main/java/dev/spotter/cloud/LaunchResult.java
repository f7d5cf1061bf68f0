package dev.spotter.cloud;

import dev.spotter.catalog.CapacityType;

/** What a launch produced: the instance, where and how it was bought, and its hourly price (NaN when unknown). */
public record LaunchResult(String instanceId, String instanceType, String zone, CapacityType capacityType, double pricePerHour) {

    /** The Kubernetes providerID the node will register with: aws:///zone/instance-id. */
    public String providerId() {
        return "aws:///" + zone + "/" + instanceId;
    }
}
