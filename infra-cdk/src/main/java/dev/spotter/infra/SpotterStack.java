package dev.spotter.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** One stack holding one {@link SpotterCluster}, with the outputs a user needs after deploying. */
public final class SpotterStack extends Stack {

    private final SpotterCluster spotter;

    public SpotterStack(Construct scope, String id, StackProps stackProps, SpotterClusterProps props) {
        this(scope, id, stackProps, stack -> props);
    }

    /** For props that need the stack as scope (VPC and topic lookups). */
    public SpotterStack(Construct scope, String id, StackProps stackProps,
                        java.util.function.Function<Stack, SpotterClusterProps> props) {
        super(scope, id, stackProps);
        spotter = new SpotterCluster(this, "Spotter", props.apply(this));
        output("WebhookUrl", spotter.webhookUrl(),
                "Function URL with the secret path that the cluster's ValidatingWebhookConfiguration calls");
        output("TableName", spotter.tableName(), "DynamoDB table with Spotter's NodeClaims");
        output("ProvisioningQueueUrl", spotter.provisioningQueueUrl(), "SQS queue of pending-pod signals");
        output("InterruptionQueueUrl", spotter.interruptionQueueUrl(), "SQS queue of EC2 interruption events");
        output("NodeRoleName", spotter.nodeRoleName(), "IAM role (and instance profile) of the nodes");
        output("ConfigParameterName", spotter.configParameterName(), "SSM parameter holding the configuration");
        output("DashboardName", spotter.dashboardName(), "CloudWatch dashboard");
    }

    public SpotterCluster spotter() {
        return spotter;
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}
