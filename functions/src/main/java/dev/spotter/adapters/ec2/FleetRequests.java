package dev.spotter.adapters.ec2;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.FleetOnDemandAllocationStrategy;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.OnDemandOptionsRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SpotAllocationStrategy;
import software.amazon.awssdk.services.ec2.model.SpotOptionsRequest;
import software.amazon.awssdk.services.ec2.model.TargetCapacitySpecificationRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the CreateFleet request of one NodeClaim: type instant, one instance, one launch template config per
 * template, overrides = candidate instance type x one subnet per zone where it is offered, cheapest types first,
 * trimmed to Karpenter's 60 types and EC2's 300 overrides.
 */
final class FleetRequests {
    static final int MAX_INSTANCE_TYPES = 60;
    static final int MAX_OVERRIDES = 300;

    private FleetRequests() {
    }

    /** Instance types that share one launch template, with the zones each may launch in. */
    record TemplateGroup(String launchTemplateName, Map<InstanceType, List<String>> zonesByType) {
    }

    static CreateFleetRequest build(String claimName, String clientToken, CapacityType capacityType, List<TemplateGroup> groups,
                                    Map<String, Subnet> subnetByZone, Map<String, String> tags) {
        List<FleetLaunchTemplateConfigRequest> configs = new ArrayList<>();
        int types = 0;
        int overrides = 0;
        for (TemplateGroup group : groups) {
            List<FleetLaunchTemplateOverridesRequest> groupOverrides = new ArrayList<>();
            for (Map.Entry<InstanceType, List<String>> entry : group.zonesByType().entrySet()) {
                List<String> zones = entry.getValue().stream().filter(subnetByZone::containsKey).toList();
                if (zones.isEmpty() || types >= MAX_INSTANCE_TYPES || overrides + zones.size() > MAX_OVERRIDES) {
                    continue;
                }
                types++;
                overrides += zones.size();
                for (String zone : zones) {
                    groupOverrides.add(FleetLaunchTemplateOverridesRequest.builder()
                            .instanceType(entry.getKey().name())
                            .subnetId(subnetByZone.get(zone).id())
                            // redundant with the subnet, but lets errors be mapped to a zone without a lookup
                            .availabilityZone(zone)
                            .build());
                }
            }
            if (!groupOverrides.isEmpty()) {
                configs.add(FleetLaunchTemplateConfigRequest.builder()
                        .launchTemplateSpecification(FleetLaunchTemplateSpecificationRequest.builder()
                                .launchTemplateName(group.launchTemplateName()).version("$Latest").build())
                        .overrides(groupOverrides)
                        .build());
            }
        }
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("no instance type of NodeClaim " + claimName + " is offered in a zone with a subnet");
        }
        CreateFleetRequest.Builder request = CreateFleetRequest.builder()
                .type(FleetType.INSTANT)
                .launchTemplateConfigs(configs)
                .targetCapacitySpecification(TargetCapacitySpecificationRequest.builder()
                        .totalTargetCapacity(1)
                        .defaultTargetCapacityType(capacityType == CapacityType.SPOT
                                ? DefaultTargetCapacityType.SPOT : DefaultTargetCapacityType.ON_DEMAND)
                        .build())
                .tagSpecifications(Ec2Tags.specification(ResourceType.INSTANCE, tags),
                        Ec2Tags.specification(ResourceType.VOLUME, tags),
                        Ec2Tags.specification(ResourceType.FLEET, tags));
        if (capacityType == CapacityType.SPOT) {
            request.spotOptions(SpotOptionsRequest.builder().allocationStrategy(SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED).build());
        } else {
            request.onDemandOptions(OnDemandOptionsRequest.builder().allocationStrategy(FleetOnDemandAllocationStrategy.LOWEST_PRICE).build());
        }
        // one token per NodeClaim, capacity type and attempt (LaunchRequest#clientToken), whatever offerings were read
        return request.clientToken(clientToken).build();
    }

    /**
     * The fleet of a gang of {@code count} NodeClaims: {@code count} instances, all or none (MinTargetCapacity) and in
     * one zone (SingleAvailabilityZone). Its client token is the first member's with the count appended.
     */
    static CreateFleetRequest gang(CreateFleetRequest single, int count) {
        CreateFleetRequest.Builder gang = single.toBuilder().targetCapacitySpecification(single.targetCapacitySpecification()
                .toBuilder().totalTargetCapacity(count).build());
        if (single.spotOptions() != null) {
            gang.spotOptions(single.spotOptions().toBuilder().minTargetCapacity(count).singleAvailabilityZone(true).build());
        } else {
            gang.onDemandOptions(single.onDemandOptions().toBuilder().minTargetCapacity(count).singleAvailabilityZone(true).build());
        }
        return gang.clientToken(single.clientToken() + "-g" + count).build();
    }

    /** The zone of each subnet in the request's overrides. */
    static Map<String, String> zoneBySubnet(Map<String, Subnet> subnetByZone) {
        Map<String, String> zones = new LinkedHashMap<>();
        subnetByZone.forEach((zone, subnet) -> zones.put(subnet.id(), zone));
        return zones;
    }
}
