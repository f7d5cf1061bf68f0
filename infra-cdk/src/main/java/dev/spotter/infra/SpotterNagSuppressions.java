package dev.spotter.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.Annotations;
import software.constructs.IConstruct;

import java.util.ArrayList;
import java.util.List;

/**
 * The cdk-nag (AwsSolutions) findings Spotter keeps on purpose, each scoped to the finding it answers and carrying
 * its reason. Everything else must pass: the test {@code SpotterNagTest} fails on any unsuppressed error.
 */
final class SpotterNagSuppressions {

    static final String SNAPSTART_PUBLISH_WARNING = "@aws-cdk/aws-lambda:snapStartRequirePublish";

    private SpotterNagSuppressions() {
    }

    static void apply(SpotterCluster spotter) {
        nodeRole(spotter.nodeRole());
        if (spotter.inVpc()) {
            vpcAccess(spotter);
        }
        controllerPolicy(spotter);
        runtimes(spotter);
        provider(spotter.clusterAccess());
    }

    private static void nodeRole(NodeRole nodeRole) {
        List<Object> policies = new ArrayList<>();
        for (String name : NodeRole.MANAGED_POLICIES) {
            policies.add("Policy::arn:<AWS::Partition>:iam::aws:policy/" + name);
        }
        NagSuppressions.addResourceSuppressions(nodeRole.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM4")
                .reason("EKS nodes need exactly these AWS managed policies (EKS worker node, VPC CNI, ECR pull, SSM "
                        + "agent); AWS keeps them current with new EKS and CNI features, as Karpenter's node role does.")
                .appliesTo(policies)
                .build()));
    }

    private static void vpcAccess(SpotterCluster spotter) {
        for (IConstruct role : List.of(spotter.controllerRole(), spotter.webhookRole(), spotter.setupRole())) {
            NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM4")
                    .reason("Only when the functions run in a VPC: AWSLambdaVPCAccessExecutionRole is AWS's policy "
                            + "for Lambda to manage the functions' network interfaces (its EC2 network-interface "
                            + "actions cannot be scoped to resources known at deploy time).")
                    .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/"
                            + SpotterCluster.VPC_ACCESS_POLICY))
                    .build()));
        }
    }

    private static void controllerPolicy(SpotterCluster spotter) {
        NagSuppressions.addResourceSuppressions(spotter.controllerRole(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Mirrors Karpenter's controller policy: EC2 ARNs of instances, fleets, volumes, network "
                        + "interfaces and launch templates cannot be known before they are created, so create actions "
                        + "are limited by the cluster ownership tag in the request (aws:RequestTag) and delete/tag "
                        + "actions by the tag on the resource (aws:ResourceTag); images, snapshots, subnets, security "
                        + "groups and capacity reservations are only read by a launch. EC2 Describe* and "
                        + "pricing:GetProducts support no resource-level permissions (Describe* is limited to this "
                        + "region by aws:RequestedRegion). /aws/service/* are AWS's public SSM parameters (AMI ids).")
                .appliesTo(List.of(
                        RegexAppliesTo.builder()
                                .regex("/^Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:\\*?:[a-z-]+\\/\\*$/g")
                                .build(),
                        "Resource::*",
                        "Resource::arn:<AWS::Partition>:ssm:<AWS::Region>::parameter/aws/service/*"))
                .build()), true);
    }

    private static void runtimes(SpotterCluster spotter) {
        List<IConstruct> functions = new ArrayList<>();
        spotter.functions().values().forEach(f -> functions.add(f.function()));
        functions.add(spotter.clusterAccess().setupFunction().function());
        for (IConstruct function : functions) {
            NagSuppressions.addResourceSuppressions(function, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-L1")
                    .reason("Java 21 is the LTS runtime Spotter is built and tested for (compiled for Java 17, run "
                            + "on java21 with SnapStart); moving to a newer Java runtime is a tested upgrade, not a "
                            + "default.")
                    .build()), true);
            Annotations.of(function).acknowledgeWarning(SNAPSTART_PUBLISH_WARNING,
                    "Every deploy publishes a version (currentVersion) behind the alias 'live', which all triggers use.");
        }
        Annotations.of(spotter.clusterAccess().setupFunction().function())
                .acknowledgeWarning(SNAPSTART_PUBLISH_WARNING, "The deploy-time function does not use SnapStart.");
    }

    private static void provider(ClusterAccess access) {
        NagSuppressions.addResourceSuppressions(access, List.of(
                NagPackSuppression.builder()
                        .id("AwsSolutions-IAM4")
                        .reason("The CDK Provider framework's own function writes its logs with the AWS managed "
                                + "AWSLambdaBasicExecutionRole policy; the framework does not take a custom policy.")
                        .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                                + "AWSLambdaBasicExecutionRole"))
                        .build(),
                NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason("The CDK Provider framework may invoke any version of the one deploy-time function "
                                + "it fronts (function ARN + ':*'), nothing else.")
                        .appliesTo(List.of(RegexAppliesTo.builder()
                                .regex("/^Resource::<[A-Za-z0-9]*SetupFunction[A-Za-z0-9]*\\.Arn>:\\*$/g")
                                .build()))
                        .build()), true);
    }
}
