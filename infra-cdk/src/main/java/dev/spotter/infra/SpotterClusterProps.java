package dev.spotter.infra;

import dev.spotter.interruption.RebalanceMode;

import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.sns.ITopic;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SpotterCluster} needs to know. Only the cluster name, the configuration directory and the functions'
 * artifacts are required; a VPC is needed only when the cluster's API endpoint is private.
 */
public final class SpotterClusterProps {

    private final String clusterName;
    private final Path configDirectory;
    private final FunctionArtifacts functionArtifacts;
    private final IVpc vpc;
    private final SubnetSelection vpcSubnets;
    private final List<ISecurityGroup> securityGroups;
    private final boolean dryRun;
    private final RebalanceMode rebalance;
    private final String nodeRoleName;
    private final ITopic alarmTopic;
    private final DecisionEventBus eventBus;

    private SpotterClusterProps(Builder builder) {
        this.clusterName = requireText(builder.clusterName, "clusterName");
        this.configDirectory = Objects.requireNonNull(builder.configDirectory, "configDirectory is required");
        this.functionArtifacts = Objects.requireNonNull(builder.functionArtifacts, "functionArtifacts is required");
        this.vpc = builder.vpc;
        this.vpcSubnets = builder.vpcSubnets;
        this.securityGroups = builder.securityGroups == null ? List.of() : List.copyOf(builder.securityGroups);
        this.dryRun = builder.dryRun;
        this.rebalance = builder.rebalance == null ? RebalanceMode.REPLACE : builder.rebalance;
        this.nodeRoleName = builder.nodeRoleName == null ? NodeRoleName.forCluster(clusterName) : builder.nodeRoleName;
        this.alarmTopic = builder.alarmTopic;
        this.eventBus = builder.eventBus == null ? DecisionEventBus.SPOTTER : builder.eventBus;
        if (vpc == null && (vpcSubnets != null || !securityGroups.isEmpty())) {
            throw new IllegalArgumentException("vpcSubnets and securityGroups need a vpc");
        }
        if (!ClusterNames.isValid(clusterName)) {
            throw new IllegalArgumentException("clusterName \"" + clusterName + "\" is not a valid EKS cluster name "
                    + "(1-100 characters: letters, digits, '-' and '_', starting with a letter or digit)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String clusterName() {
        return clusterName;
    }

    public Path configDirectory() {
        return configDirectory;
    }

    public FunctionArtifacts functionArtifacts() {
        return functionArtifacts;
    }

    public Optional<IVpc> vpc() {
        return Optional.ofNullable(vpc);
    }

    public Optional<SubnetSelection> vpcSubnets() {
        return Optional.ofNullable(vpcSubnets);
    }

    public List<ISecurityGroup> securityGroups() {
        return securityGroups;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public RebalanceMode rebalance() {
        return rebalance;
    }

    public String nodeRoleName() {
        return nodeRoleName;
    }

    public Optional<ITopic> alarmTopic() {
        return Optional.ofNullable(alarmTopic);
    }

    public DecisionEventBus eventBus() {
        return eventBus;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    public static final class Builder {
        private String clusterName;
        private Path configDirectory;
        private FunctionArtifacts functionArtifacts;
        private IVpc vpc;
        private SubnetSelection vpcSubnets;
        private List<ISecurityGroup> securityGroups;
        private boolean dryRun;
        private RebalanceMode rebalance;
        private String nodeRoleName;
        private ITopic alarmTopic;
        private DecisionEventBus eventBus;

        private Builder() {
        }

        /** Name of the existing EKS cluster (authentication mode API or API_AND_CONFIG_MAP). Required. */
        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        /** Directory of Karpenter v1 NodePool / EC2NodeClass YAML files, validated at synth. Required. */
        public Builder configDirectory(Path configDirectory) {
            this.configDirectory = configDirectory;
            return this;
        }

        /** Each function's jar ({@code FunctionArtifacts.in(Path.of("functions/target"))}). Required. */
        public Builder functionArtifacts(FunctionArtifacts functionArtifacts) {
            this.functionArtifacts = functionArtifacts;
            return this;
        }

        /** VPC for the functions, when the cluster's API endpoint is reachable only from inside it. */
        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** Subnets for the functions (default: the VPC's private subnets). Needs {@link #vpc}. */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /** Security groups for the functions, allowed to reach the cluster endpoint on 443. Needs {@link #vpc}. */
        public Builder securityGroups(List<ISecurityGroup> securityGroups) {
            this.securityGroups = securityGroups;
            return this;
        }

        /** Plan and log, but launch and terminate nothing. */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** What to do on rebalance recommendations (default {@link RebalanceMode#REPLACE}: go beyond Karpenter, which only logs them). */
        public Builder rebalance(RebalanceMode rebalance) {
            this.rebalance = rebalance;
            return this;
        }

        /** Name of the IAM role the nodes get (default {@code SpotterNodeRole-<clusterName>}). */
        public Builder nodeRoleName(String nodeRoleName) {
            this.nodeRoleName = nodeRoleName;
            return this;
        }

        /** SNS topic the alarms notify (default: alarms without actions). */
        public Builder alarmTopic(ITopic alarmTopic) {
            this.alarmTopic = alarmTopic;
            return this;
        }

        /** Where Spotter publishes its decisions (default {@link DecisionEventBus#SPOTTER}: a bus of its own). */
        public Builder eventBus(DecisionEventBus eventBus) {
            this.eventBus = eventBus;
            return this;
        }

        public SpotterClusterProps build() {
            return new SpotterClusterProps(this);
        }
    }
}
