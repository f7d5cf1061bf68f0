package dev.spotter.adapters.ec2;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.OfferingKey;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverrides;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the Errors of a CreateFleet response: capacity errors become the offerings (type x zone x capacity type)
 * that failed, as Karpenter's unavailable-offerings cache records them; a subnet out of addresses rules out its whole
 * zone; anything else is kept as text for the failure message.
 */
final class FleetErrors {
    record Classified(Set<OfferingKey> unavailable, List<String> others) {
        boolean onlyCapacity() {
            return others.isEmpty();
        }
    }

    private FleetErrors() {
    }

    /**
     * @param requested    the offerings the request asked for, so zone-wide errors can name them
     * @param zoneBySubnet maps an override's subnet to its zone when EC2 leaves the zone out
     */
    static Classified classify(List<CreateFleetError> errors, CapacityType capacityType, Collection<OfferingKey> requested,
                               Map<String, String> zoneBySubnet) {
        Set<OfferingKey> unavailable = new LinkedHashSet<>();
        List<String> others = new ArrayList<>();
        for (CreateFleetError error : errors) {
            String code = error.errorCode() == null ? "" : error.errorCode();
            FleetLaunchTemplateOverrides override = error.launchTemplateAndOverrides() == null
                    ? null : error.launchTemplateAndOverrides().overrides();
            String type = override == null ? null : override.instanceTypeAsString();
            String zone = override == null ? null
                    : override.availabilityZone() != null ? override.availabilityZone() : zoneBySubnet.get(override.subnetId());
            if (!Ec2Errors.UNFULFILLABLE_CAPACITY.contains(code)) {
                others.add(code + ": " + error.errorMessage() + (type == null ? "" : " (" + type + " in " + zone + ")"));
            } else if (Ec2Errors.FREE_ADDRESSES_IN_SUBNET.equals(code) && zone != null) {
                requested.stream().filter(key -> key.zone().equals(zone)).forEach(unavailable::add);
            } else if (type != null && zone != null) {
                unavailable.add(new OfferingKey(capacityType, type, zone));
            } else if (type != null) {
                requested.stream().filter(key -> key.instanceType().equals(type)).forEach(unavailable::add);
            }
        }
        return new Classified(unavailable, others);
    }
}
