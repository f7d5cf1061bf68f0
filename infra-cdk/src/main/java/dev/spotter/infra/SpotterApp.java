package dev.spotter.infra;

import dev.spotter.interruption.RebalanceMode;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcLookupOptions;
import software.amazon.awscdk.services.sns.Topic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The CDK app: {@code cdk deploy -c clusterName=NAME [-c config=DIR]}. Context keys (see docs/deploy.md):
 * clusterName (required), config (default config-default), functionsDir (default ../functions/target, where the
 * functions module writes spotter-webhook.jar, spotter-provisioner.jar, ...), dryRun (false), rebalance (replace|off), stackName (Spotter-NAME),
 * vpcId + subnetIds + securityGroupIds (for a private cluster endpoint), nodeRoleName, alarmTopicArn, nag (true),
 * eventBus (spotter|default).
 */
public final class SpotterApp {

    static final String DEFAULT_CONFIG = "config-default";

    private SpotterApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            build(app);
            app.synth();
        } catch (InvalidConfigurationException | IllegalArgumentException e) {
            // A short message names what is wrong; a JVM stack trace through jsii would bury it.
            System.err.println("Spotter: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Adds the Spotter stack described by the app's context to {@code app}. */
    public static SpotterStack build(App app) {
        Context context = new Context(app);
        String clusterName = context.required("clusterName",
                "the EKS cluster to serve: cdk deploy -c clusterName=NAME");
        if (!ClusterNames.isValid(clusterName)) {
            throw new InvalidConfigurationException("clusterName \"" + clusterName + "\" is not a valid EKS cluster "
                    + "name (1-100 characters: letters, digits, '-' and '_', starting with a letter or digit)");
        }
        StackProps.Builder stackProps = StackProps.builder()
                .description("Spotter: Karpenter-style node provisioning by AWS Lambda for EKS cluster " + clusterName)
                .tags(Map.of("spotter:cluster", clusterName));
        String vpcId = context.optional("vpcId");
        if (vpcId != null) {
            // A VPC lookup needs a concrete account and region (from the CLI's credentials).
            stackProps.env(Environment.builder()
                    .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                    .region(System.getenv("CDK_DEFAULT_REGION"))
                    .build());
        }
        SpotterStack stack = new SpotterStack(app, context.optional("stackName", "Spotter-" + clusterName.replace('_', '-')),
                stackProps.build(), scope -> clusterProps(scope, context, clusterName, vpcId));
        if (context.optional("nag", "true").equals("true")) {
            Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        }
        return stack;
    }

    private static RebalanceMode rebalance(String value) {
        try {
            return RebalanceMode.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rebalance must be \"replace\" or \"off\", got \"" + value + "\"", e);
        }
    }

    private static SpotterClusterProps clusterProps(Stack scope, Context context, String clusterName, String vpcId) {
        SpotterClusterProps.Builder props = SpotterClusterProps.builder()
                .clusterName(clusterName)
                .configDirectory(Path.of(context.optional("config", DEFAULT_CONFIG)))
                .functionArtifacts(FunctionArtifacts.in(Path.of(context.optional("functionsDir", FunctionArtifacts.DEFAULT_DIRECTORY))))
                .dryRun(context.flag("dryRun"))
                .rebalance(rebalance(context.optional("rebalance", "replace")))
                .eventBus(DecisionEventBus.parse(context.optional("eventBus", "spotter")));
        String nodeRoleName = context.optional("nodeRoleName");
        if (nodeRoleName != null) {
            props.nodeRoleName(nodeRoleName);
        }
        String alarmTopicArn = context.optional("alarmTopicArn");
        if (alarmTopicArn != null) {
            props.alarmTopic(Topic.fromTopicArn(scope, "AlarmTopic", alarmTopicArn));
        }
        if (vpcId != null) {
            IVpc vpc = Vpc.fromLookup(scope, "Vpc", VpcLookupOptions.builder().vpcId(vpcId).build());
            props.vpc(vpc);
            List<ISubnet> subnets = new ArrayList<>();
            for (String subnetId : context.list("subnetIds")) {
                subnets.add(Subnet.fromSubnetId(scope, "Subnet-" + subnetId, subnetId));
            }
            if (!subnets.isEmpty()) {
                props.vpcSubnets(SubnetSelection.builder().subnets(subnets).build());
            }
            List<ISecurityGroup> groups = new ArrayList<>();
            for (String groupId : context.list("securityGroupIds")) {
                groups.add(SecurityGroup.fromSecurityGroupId(scope, "SecurityGroup-" + groupId, groupId));
            }
            props.securityGroups(groups);
        } else if (!context.list("subnetIds").isEmpty() || !context.list("securityGroupIds").isEmpty()) {
            throw new InvalidConfigurationException("subnetIds and securityGroupIds need -c vpcId=VPC");
        }
        return props.build();
    }

    /** Reads -c key=value context with clear errors. */
    static final class Context {
        private final App app;

        Context(App app) {
            this.app = app;
        }

        String optional(String key) {
            Object value = app.getNode().tryGetContext(key);
            return value == null || value.toString().isBlank() ? null : value.toString().trim();
        }

        String optional(String key, String fallback) {
            String value = optional(key);
            return value == null ? fallback : value;
        }

        String required(String key, String what) {
            String value = optional(key);
            if (value == null) {
                throw new InvalidConfigurationException("missing context " + key + ": " + what);
            }
            return value;
        }

        boolean flag(String key) {
            String value = optional(key, "false");
            if (!value.equals("true") && !value.equals("false")) {
                throw new InvalidConfigurationException("context " + key + " must be true or false, got " + value);
            }
            return Boolean.parseBoolean(value);
        }

        List<String> list(String key) {
            String value = optional(key);
            if (value == null) {
                return List.of();
            }
            return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }
}
