package dev.spotter.disruption;

import java.util.Set;

/**
 * What an EC2NodeClass resolves to now (Karpenter's EC2NodeClass status): its hash, the AMIs, subnets and security
 * groups its selector terms select. A claim launched with an AMI or subnet not in these sets, or with other security
 * groups, has drifted. An empty set is unknown and drifts nothing.
 */
public record NodeClassStatus(String nodeClass, String hash, Set<String> imageIds, Set<String> subnetIds,
                              Set<String> securityGroupIds) {
    public NodeClassStatus {
        hash = hash == null ? "" : hash;
        imageIds = Set.copyOf(imageIds);
        subnetIds = Set.copyOf(subnetIds);
        securityGroupIds = Set.copyOf(securityGroupIds);
    }
}
