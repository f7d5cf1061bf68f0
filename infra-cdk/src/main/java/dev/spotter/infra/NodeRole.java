package dev.spotter.infra;

import software.amazon.awscdk.services.iam.CfnInstanceProfile;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

import java.util.List;

/**
 * The IAM role of the nodes Spotter launches, and an instance profile of the same name (the name EC2NodeClass YAML
 * refers to as {@code spec.role}). The four AWS managed policies are the ones EKS documents for worker nodes and
 * Karpenter's CloudFormation attaches.
 */
final class NodeRole extends Construct {

    static final List<String> MANAGED_POLICIES = List.of(
            "AmazonEKSWorkerNodePolicy",
            "AmazonEKS_CNI_Policy",
            "AmazonEC2ContainerRegistryPullOnly",
            "AmazonSSMManagedInstanceCore");

    private final Role role;
    private final CfnInstanceProfile instanceProfile;

    NodeRole(Construct scope, String id, String roleName) {
        super(scope, id);
        role = Role.Builder.create(this, "Role")
                .roleName(roleName)
                .description("Nodes launched by Spotter")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .managedPolicies(MANAGED_POLICIES.stream().map(ManagedPolicy::fromAwsManagedPolicyName).toList())
                .build();
        instanceProfile = CfnInstanceProfile.Builder.create(this, "InstanceProfile")
                .instanceProfileName(roleName)
                .roles(List.of(role.getRoleName()))
                .build();
    }

    Role role() {
        return role;
    }

    CfnInstanceProfile instanceProfile() {
        return instanceProfile;
    }
}
