package dev.spotter.disruption;

import dev.spotter.config.NodePool;
import dev.spotter.model.Requirement;

import java.util.Map;
import java.util.Optional;

/**
 * Whether a NodeClaim has drifted from its NodePool and EC2NodeClass (Karpenter's drift checks, nodeclaim/disruption
 * drift.go and the AWS provider's isNodeClassDrifted): the NodePool template hash or EC2NodeClass hash differs from the
 * one it was launched with; its AMI, subnet or security groups are no longer what the EC2NodeClass resolves to; or its
 * node's labels no longer meet the NodePool's requirements. Unknown values (empty) never drift.
 */
final class DriftCheck {
    private DriftCheck() {
    }

    static Optional<String> drift(StateNode node, NodePool pool, DisruptionInput input) {
        LaunchedWith launched = node.launchedWith();
        String poolHash = input.nodePoolHashes().getOrDefault(pool.name(), "");
        if (!launched.nodePoolHash().isEmpty() && !poolHash.isEmpty() && !launched.nodePoolHash().equals(poolHash)) {
            return Optional.of("NodePoolDrifted: NodePool " + pool.name() + " template hash " + poolHash + " differs from "
                    + launched.nodePoolHash() + " at launch");
        }
        NodeClassStatus status = input.nodeClassStatus().get(pool.nodeClassName());
        if (status != null) {
            if (!launched.nodeClassHash().isEmpty() && !status.hash().isEmpty() && !launched.nodeClassHash().equals(status.hash())) {
                return Optional.of("NodeClassDrifted: EC2NodeClass " + pool.nodeClassName() + " hash " + status.hash()
                        + " differs from " + launched.nodeClassHash() + " at launch");
            }
            if (!launched.imageId().isEmpty() && !status.imageIds().isEmpty() && !status.imageIds().contains(launched.imageId())) {
                return Optional.of("AMIDrift: AMI " + launched.imageId() + " is no longer selected by EC2NodeClass " + pool.nodeClassName());
            }
            if (!launched.subnetId().isEmpty() && !status.subnetIds().isEmpty() && !status.subnetIds().contains(launched.subnetId())) {
                return Optional.of("SubnetDrift: subnet " + launched.subnetId() + " is no longer selected by EC2NodeClass "
                        + pool.nodeClassName());
            }
            if (!launched.securityGroupIds().isEmpty() && !status.securityGroupIds().isEmpty()
                    && !launched.securityGroupIds().equals(status.securityGroupIds())) {
                return Optional.of("SecurityGroupDrift: security groups " + new java.util.TreeSet<>(launched.securityGroupIds())
                        + " differ from " + new java.util.TreeSet<>(status.securityGroupIds()) + " of EC2NodeClass " + pool.nodeClassName());
            }
        }
        if (node.node() != null) {
            Map<String, String> labels = node.node().labels();
            for (Requirement requirement : pool.requirements().all()) {
                String value = labels.get(requirement.key());
                if (value != null && !requirement.has(value)) {
                    return Optional.of("RequirementsDrifted: label " + requirement.key() + "=" + value
                            + " no longer meets NodePool " + pool.name() + " requirement " + requirement);
                }
            }
        }
        return Optional.empty();
    }
}
