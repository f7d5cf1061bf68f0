package dev.spotter.cloud;

import dev.spotter.catalog.CapacityType;
import dev.spotter.model.WellKnownLabels;

import java.time.Instant;
import java.util.Map;

/**
 * An instance as the cloud describes it. {@code privateDnsName} is the EKS node name; it and the zone may be empty
 * for an instance that is still pending. {@code tags} hold every tag, including the NodeClaim and NodePool ones.
 */
public record CloudInstance(
        String instanceId,
        String instanceType,
        String zone,
        CapacityType capacityType,
        InstanceState state,
        Instant launchTime,
        String privateDnsName,
        Map<String, String> tags) {

    public CloudInstance {
        zone = zone == null ? "" : zone;
        privateDnsName = privateDnsName == null ? "" : privateDnsName;
        tags = Map.copyOf(tags);
    }

    /** The NodeClaim this instance was launched for, from its karpenter.sh/nodeclaim tag; empty when untagged. */
    public String nodeClaimName() {
        return tags.getOrDefault(WellKnownLabels.NODECLAIM, "");
    }

    /** The NodePool from the karpenter.sh/nodepool tag; empty when untagged. */
    public String nodePool() {
        return tags.getOrDefault(WellKnownLabels.NODEPOOL, "");
    }

    public String providerId() {
        return "aws:///" + zone + "/" + instanceId;
    }
}
