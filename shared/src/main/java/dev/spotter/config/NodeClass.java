package dev.spotter.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Karpenter v1 EC2NodeClass (karpenter.k8s.aws/v1). Exactly one of {@code role} and {@code instanceProfile} is set
 * (the other empty). {@code amiFamily} is AL2023, Bottlerocket, Custom, ... (derived from an amiSelectorTerms alias
 * when not given). {@code capacityReservationSelectorTerms} and {@code placementGroupSelector} are the spec's
 * selectors; {@code capacityReservations} and {@code placementGroup} what they resolved to (from EC2 in the functions,
 * from the object's status and annotations offline; see docs/ai-fleet.md). {@code placementGroup} may be null.
 */
public record NodeClass(
        String name,
        String amiFamily,
        List<SelectorTerm> amiSelectorTerms,
        List<SelectorTerm> subnetSelectorTerms,
        List<SelectorTerm> securityGroupSelectorTerms,
        String role,
        String instanceProfile,
        String userData,
        List<BlockDeviceMapping> blockDeviceMappings,
        MetadataOptions metadataOptions,
        KubeletConfiguration kubelet,
        Map<String, String> tags,
        Boolean associatePublicIpAddress,
        boolean detailedMonitoring,
        String instanceStorePolicy,
        List<SelectorTerm> capacityReservationSelectorTerms,
        PlacementGroupSelector placementGroupSelector,
        List<CapacityReservation> capacityReservations,
        PlacementGroup placementGroup) {

    /** A NodeClass without capacity reservations nor placement group. */
    public NodeClass(String name, String amiFamily, List<SelectorTerm> amiSelectorTerms, List<SelectorTerm> subnetSelectorTerms,
                     List<SelectorTerm> securityGroupSelectorTerms, String role, String instanceProfile, String userData,
                     List<BlockDeviceMapping> blockDeviceMappings, MetadataOptions metadataOptions, KubeletConfiguration kubelet,
                     Map<String, String> tags, Boolean associatePublicIpAddress, boolean detailedMonitoring,
                     String instanceStorePolicy) {
        this(name, amiFamily, amiSelectorTerms, subnetSelectorTerms, securityGroupSelectorTerms, role, instanceProfile, userData,
                blockDeviceMappings, metadataOptions, kubelet, tags, associatePublicIpAddress, detailedMonitoring,
                instanceStorePolicy, List.of(), PlacementGroupSelector.NONE, List.of(), null);
    }

    public NodeClass {
        amiSelectorTerms = List.copyOf(amiSelectorTerms);
        subnetSelectorTerms = List.copyOf(subnetSelectorTerms);
        securityGroupSelectorTerms = List.copyOf(securityGroupSelectorTerms);
        role = role == null ? "" : role;
        instanceProfile = instanceProfile == null ? "" : instanceProfile;
        userData = userData == null ? "" : userData;
        blockDeviceMappings = List.copyOf(blockDeviceMappings);
        tags = Map.copyOf(tags);
        instanceStorePolicy = instanceStorePolicy == null ? "" : instanceStorePolicy;
        capacityReservationSelectorTerms = List.copyOf(capacityReservationSelectorTerms);
        placementGroupSelector = placementGroupSelector == null ? PlacementGroupSelector.NONE : placementGroupSelector;
        capacityReservations = List.copyOf(capacityReservations);
    }

    /** The placement group the NodeClass launches into, once resolved (EC2, or the offline annotations). */
    public Optional<PlacementGroup> resolvedPlacementGroup() {
        return Optional.ofNullable(placementGroup);
    }

    /** A copy with the reservations resolved for it (DescribeCapacityReservations, or its status). */
    public NodeClass withCapacityReservations(List<CapacityReservation> reservations) {
        return new NodeClass(name, amiFamily, amiSelectorTerms, subnetSelectorTerms, securityGroupSelectorTerms, role,
                instanceProfile, userData, blockDeviceMappings, metadataOptions, kubelet, tags, associatePublicIpAddress,
                detailedMonitoring, instanceStorePolicy, capacityReservationSelectorTerms, placementGroupSelector,
                reservations, placementGroup);
    }

    /** A copy with the placement group resolved for it. */
    public NodeClass withPlacementGroup(PlacementGroup group) {
        return new NodeClass(name, amiFamily, amiSelectorTerms, subnetSelectorTerms, securityGroupSelectorTerms, role,
                instanceProfile, userData, blockDeviceMappings, metadataOptions, kubelet, tags, associatePublicIpAddress,
                detailedMonitoring, instanceStorePolicy, capacityReservationSelectorTerms, placementGroupSelector,
                capacityReservations, group);
    }
}
