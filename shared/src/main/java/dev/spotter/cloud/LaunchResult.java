package dev.spotter.cloud;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.OfferingKey;

import java.util.Set;

/**
 * What a launch produced: the instance, where and how it was bought, and its hourly price (NaN when unknown).
 * {@code unavailableOfferings} are offerings the cloud reported out of capacity on the way (CreateFleet reports them
 * even when it launches on another), so they can be remembered as Karpenter does. {@code capacityReservationId} names
 * the reservation a reserved instance runs in (empty otherwise).
 */
public record LaunchResult(String instanceId, String instanceType, String zone, CapacityType capacityType, double pricePerHour,
                           Set<OfferingKey> unavailableOfferings, String capacityReservationId) {

    public LaunchResult {
        unavailableOfferings = Set.copyOf(unavailableOfferings);
        capacityReservationId = capacityReservationId == null ? "" : capacityReservationId;
    }

    public LaunchResult(String instanceId, String instanceType, String zone, CapacityType capacityType, double pricePerHour,
                        Set<OfferingKey> unavailableOfferings) {
        this(instanceId, instanceType, zone, capacityType, pricePerHour, unavailableOfferings, "");
    }

    public LaunchResult(String instanceId, String instanceType, String zone, CapacityType capacityType, double pricePerHour) {
        this(instanceId, instanceType, zone, capacityType, pricePerHour, Set.of());
    }

    /** The Kubernetes providerID the node will register with: aws:///zone/instance-id. */
    public String providerId() {
        return "aws:///" + zone + "/" + instanceId;
    }
}
