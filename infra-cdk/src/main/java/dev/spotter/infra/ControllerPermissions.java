package dev.spotter.infra;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The IAM statements of the controller role (provisioner, interruption and tick functions), after Karpenter's
 * controller policy: instances, fleets and launch templates may only be created carrying the cluster's ownership tag,
 * only be tagged at creation or on instances already owned, and only be deleted when they carry it; the node roles may
 * only be passed to EC2. No statement has a wildcard action; the resource is {@code *} only for the read-only calls
 * that IAM cannot scope to a resource (EC2 Describe*, pricing:GetProducts).
 */
final class ControllerPermissions {

    /**
     * EC2 Describe calls the catalog, discovery and launch make (docs/ec2-launch.md, "AWS API actions used"); none
     * supports resource-level permissions.
     */
    static final List<String> EC2_READ_ACTIONS = List.of(
            "ec2:DescribeImages",
            "ec2:DescribeInstances",
            "ec2:DescribeInstanceTypeOfferings",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSpotPriceHistory",
            "ec2:DescribeSubnets");

    static final List<String> LAUNCH_ACTIONS = List.of("ec2:RunInstances", "ec2:CreateFleet");
    static final List<String> TAGGED_CREATE_ACTIONS =
            List.of("ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate");
    static final List<String> CREATE_ACTIONS_ALLOWED_TO_TAG =
            List.of("RunInstances", "CreateFleet", "CreateLaunchTemplate");
    static final List<String> DELETE_ACTIONS = List.of("ec2:TerminateInstances", "ec2:DeleteLaunchTemplate");
    /** The tag Spotter puts on everything it launches, which Karpenter's and managed node groups' instances lack. */
    static final String MANAGED_BY_TAG = "spotter.dev/managed-by";
    static final String MANAGED_BY_VALUE = "spotter";
    /** Tags Spotter may add to an instance it already owns, after launch (as Karpenter's nodeclaim tagging). */
    static final List<String> POST_LAUNCH_TAG_KEYS = List.of("karpenter.sh/nodeclaim", "Name");

    private final String clusterName;

    ControllerPermissions(String clusterName) {
        this.clusterName = clusterName;
    }

    /** {@code kubernetes.io/cluster/<name>}: the tag whose value "owned" marks what Spotter launched. */
    String ownershipTagKey() {
        return "kubernetes.io/cluster/" + clusterName;
    }

    List<PolicyStatement> ec2Statements() {
        List<PolicyStatement> statements = new ArrayList<>();
        // Resources a launch reads or references, and the two it creates untagged (the spot request, and the network
        // interface, which Spotter's tag specifications do not cover): the instance itself still needs the tag.
        statements.add(statement("AllowScopedEC2InstanceActions", LAUNCH_ACTIONS, List.of(
                regional("ec2", "", "image/*"),
                regional("ec2", "", "snapshot/*"),
                regional("ec2", "*", "spot-instances-request/*"),
                regional("ec2", "*", "security-group/*"),
                regional("ec2", "*", "subnet/*"),
                regional("ec2", "*", "network-interface/*"),
                regional("ec2", "*", "launch-template/*")), null));
        // Resources a launch creates: only with the ownership tag in the request.
        statements.add(statement("AllowScopedEC2InstanceActionsWithTags", TAGGED_CREATE_ACTIONS, createdResources(),
                Map.of("StringEquals", Map.of("aws:RequestTag/" + ownershipTagKey(), "owned"))));
        statements.add(statement("AllowScopedResourceCreationTagging", List.of("ec2:CreateTags"), createdResources(),
                Map.of("StringEquals", Map.of(
                        "aws:RequestTag/" + ownershipTagKey(), "owned",
                        "ec2:CreateAction", CREATE_ACTIONS_ALLOWED_TO_TAG))));
        statements.add(statement("AllowScopedResourceTagging", List.of("ec2:CreateTags"),
                List.of(regional("ec2", "*", "instance/*")),
                Map.of(
                        "StringEquals", ownedBySpotter(),
                        "ForAllValues:StringEquals", Map.of("aws:TagKeys", POST_LAUNCH_TAG_KEYS))));
        // Karpenter's nodes and managed node groups carry the ownership tag too: deletion also needs Spotter's tag.
        statements.add(statement("AllowScopedDeletion", DELETE_ACTIONS, List.of(
                        regional("ec2", "*", "instance/*"),
                        regional("ec2", "*", "launch-template/*")),
                Map.of("StringEquals", ownedBySpotter())));
        statements.add(statement("AllowRegionalReadActions", EC2_READ_ACTIONS, List.of("*"),
                Map.of("StringEquals", Map.of("aws:RequestedRegion", Aws.REGION))));
        return statements;
    }

    /** The first spot launch of an account creates EC2's spot service-linked role; nothing else may be created. */
    PolicyStatement createSpotServiceLinkedRole() {
        return statement("AllowSpotServiceLinkedRole", List.of("iam:CreateServiceLinkedRole"),
                List.of("arn:" + Aws.PARTITION + ":iam::" + Aws.ACCOUNT_ID
                        + ":role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot"),
                Map.of("StringEquals", Map.of("iam:AWSServiceName", "spot.amazonaws.com")));
    }

    private Map<String, String> ownedBySpotter() {
        return Map.of(
                "aws:ResourceTag/" + ownershipTagKey(), "owned",
                "aws:ResourceTag/" + MANAGED_BY_TAG, MANAGED_BY_VALUE);
    }

    PolicyStatement passNodeRoles(Collection<String> nodeRoleArns) {
        return statement("AllowPassingInstanceRole", List.of("iam:PassRole"), List.copyOf(nodeRoleArns),
                Map.of("StringEquals", Map.of("iam:PassedToService", "ec2.amazonaws.com")));
    }

    /** Public SSM parameters (EKS optimized AMI ids behind {@code al2023@latest}) and Spotter's own configuration. */
    PolicyStatement readParameters(String configParameterArn) {
        return statement("AllowSSMReadActions", List.of("ssm:GetParameter"), List.of(
                "arn:" + Aws.PARTITION + ":ssm:" + Aws.REGION + "::parameter/aws/service/*",
                configParameterArn), null);
    }

    /** The Price List API has no resources to scope to. */
    PolicyStatement readPrices() {
        return statement("AllowPricingReadActions", List.of("pricing:GetProducts"), List.of("*"), null);
    }

    PolicyStatement describeCluster() {
        return statement("AllowAPIServerEndpointDiscovery", List.of("eks:DescribeCluster"),
                List.of(clusterArn()), null);
    }

    String clusterArn() {
        return "arn:" + Aws.PARTITION + ":eks:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":cluster/" + clusterName;
    }

    private static List<String> createdResources() {
        return List.of(
                regional("ec2", "*", "fleet/*"),
                regional("ec2", "*", "instance/*"),
                regional("ec2", "*", "volume/*"),
                regional("ec2", "*", "network-interface/*"),
                regional("ec2", "*", "launch-template/*"),
                regional("ec2", "*", "spot-instances-request/*"));
    }

    private static String regional(String service, String account, String resource) {
        return "arn:" + Aws.PARTITION + ":" + service + ":" + Aws.REGION + ":" + account + ":" + resource;
    }

    private static PolicyStatement statement(String sid, List<String> actions, List<String> resources,
                                             Map<String, ?> conditions) {
        PolicyStatement.Builder builder = PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .actions(actions)
                .resources(resources);
        if (conditions != null) {
            builder.conditions(Map.copyOf(conditions));
        }
        return builder.build();
    }
}
