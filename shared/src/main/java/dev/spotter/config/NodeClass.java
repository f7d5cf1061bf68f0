package dev.spotter.config;

import java.util.List;
import java.util.Map;

/**
 * A Karpenter v1 EC2NodeClass (karpenter.k8s.aws/v1). Exactly one of {@code role} and {@code instanceProfile} is set
 * (the other empty). {@code amiFamily} is AL2023, Bottlerocket, Custom, ... (derived from an amiSelectorTerms alias
 * when not given).
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
        String instanceStorePolicy) {

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
    }
}
