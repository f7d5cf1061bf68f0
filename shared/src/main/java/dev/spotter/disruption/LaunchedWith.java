package dev.spotter.disruption;

import java.util.Set;

/**
 * What a NodeClaim was launched with, for drift: the NodePool template hash and EC2NodeClass hash at launch
 * (Karpenter's {@code karpenter.sh/nodepool-hash} and {@code karpenter.k8s.aws/ec2nodeclass-hash} annotations), the
 * AMI, the subnet and the security groups of its instance. An empty value is unknown and never drifts.
 */
public record LaunchedWith(String nodePoolHash, String nodeClassHash, String imageId, String subnetId,
                           Set<String> securityGroupIds) {
    public static final LaunchedWith UNKNOWN = new LaunchedWith("", "", "", "", Set.of());

    public LaunchedWith {
        nodePoolHash = nodePoolHash == null ? "" : nodePoolHash;
        nodeClassHash = nodeClassHash == null ? "" : nodeClassHash;
        imageId = imageId == null ? "" : imageId;
        subnetId = subnetId == null ? "" : subnetId;
        securityGroupIds = Set.copyOf(securityGroupIds);
    }
}
