package dev.spotter.infra;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.eks.CfnAccessEntry;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * How Spotter gets into the cluster without running anything in it: EKS access entries map the controller role to
 * the Kubernetes group {@code spotter-controller} and the node role to EC2 Linux nodes; a deploy-time custom
 * resource (function {@code ClusterAccessResource}, behind the CDK Provider framework) applies the ClusterRole and
 * ClusterRoleBinding of that group and the ValidatingWebhookConfiguration that sends pod creations to the webhook's
 * Function URL, and removes them on delete.
 */
final class ClusterAccess extends Construct {

    static final String CONTROLLER_GROUP = "spotter-controller";
    static final String SETUP_HANDLER = "dev.spotter.functions.setup.ClusterAccessResource::handleRequest";
    static final String RESOURCE_TYPE = "Custom::SpotterClusterAccess";
    static final String CLUSTER_ADMIN_POLICY_NAME = "AmazonEKSClusterAdminPolicy";

    /** Inputs of the custom resource. */
    record Inputs(String clusterName, IRole controllerRole, IRole nodeRole, IRole setupRole, String webhookUrl,
                  Code code, String codeSha256, Map<String, String> environment, FunctionNetwork network) {
    }

    private final CfnAccessEntry controllerEntry;
    private final CfnAccessEntry nodeEntry;
    private final CfnAccessEntry setupEntry;
    private final SpotterFunction setupFunction;
    private final CustomResource resource;

    ClusterAccess(Construct scope, String id, Inputs inputs) {
        super(scope, id);
        controllerEntry = CfnAccessEntry.Builder.create(this, "ControllerAccessEntry")
                .clusterName(inputs.clusterName())
                .principalArn(inputs.controllerRole().getRoleArn())
                .type("STANDARD")
                .kubernetesGroups(List.of(CONTROLLER_GROUP))
                .build();
        nodeEntry = CfnAccessEntry.Builder.create(this, "NodeAccessEntry")
                .clusterName(inputs.clusterName())
                .principalArn(inputs.nodeRole().getRoleArn())
                .type("EC2_LINUX")
                .build();
        // Creating a ClusterRole and a webhook configuration needs cluster-admin; this role is used by the deploy-time
        // function only, which runs on stack create, update and delete.
        setupEntry = CfnAccessEntry.Builder.create(this, "SetupAccessEntry")
                .clusterName(inputs.clusterName())
                .principalArn(inputs.setupRole().getRoleArn())
                .type("STANDARD")
                .accessPolicies(List.of(CfnAccessEntry.AccessPolicyProperty.builder()
                        .policyArn("arn:" + Aws.PARTITION + ":eks::aws:cluster-access-policy/" + CLUSTER_ADMIN_POLICY_NAME)
                        .accessScope(CfnAccessEntry.AccessScopeProperty.builder().type("cluster").build())
                        .build()))
                .build();

        setupFunction = new SpotterFunction(this, "Setup", new SpotterFunction.Spec(
                SETUP_HANDLER, "spotter-setup",
                "Spotter: applies and removes Spotter's RBAC and webhook configuration in the cluster (deploy time)",
                1024, Duration.minutes(5), false, null),
                inputs.code(), inputs.setupRole(), inputs.environment(), inputs.network());

        LogGroup providerLogs = LogGroup.Builder.create(this, "ProviderLogs")
                .retention(SpotterFunction.LOG_RETENTION)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Provider provider = Provider.Builder.create(this, "Provider")
                .onEventHandler(setupFunction.function())
                .logGroup(providerLogs)
                .build();
        resource = CustomResource.Builder.create(this, "Resource")
                .serviceToken(provider.getServiceToken())
                .resourceType(RESOURCE_TYPE)
                .properties(Map.of(
                        "ClusterName", inputs.clusterName(),
                        "WebhookUrl", inputs.webhookUrl(),
                        "ControllerGroup", CONTROLLER_GROUP,
                        // A new jar may bring new RBAC rules: re-apply whenever the code changes.
                        "CodeSha256", inputs.codeSha256()))
                .build();
        // Applied with the setup role's access; removed (on delete) before that access goes away.
        resource.getNode().addDependency(setupEntry);
        resource.getNode().addDependency(controllerEntry);
    }

    CfnAccessEntry controllerEntry() {
        return controllerEntry;
    }

    CfnAccessEntry nodeEntry() {
        return nodeEntry;
    }

    CfnAccessEntry setupEntry() {
        return setupEntry;
    }

    SpotterFunction setupFunction() {
        return setupFunction;
    }

    CustomResource resource() {
        return resource;
    }
}
