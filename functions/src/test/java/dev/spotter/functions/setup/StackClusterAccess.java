package dev.spotter.functions.setup;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the stack's custom resource (Custom::SpotterClusterAccess) on any API server, for end-to-end tests: the
 * CloudFormation Create and Delete events the CDK Provider framework would send, with the properties the stack sets.
 * The connector stands in for EKS (DescribeCluster and an IAM token): it opens a client with the rights the custom
 * resource's role has, cluster admin.
 */
public final class StackClusterAccess {
    /** The Kubernetes group the stack's EKS access entry maps the functions' role to (infra ClusterAccess). */
    public static final String CONTROLLER_GROUP = "spotter-controller";

    private StackClusterAccess() {
    }

    public static void create(Supplier<KubernetesClient> admin, String clusterName, String webhookUrl) {
        invoke(admin, "Create", clusterName, webhookUrl);
    }

    public static void delete(Supplier<KubernetesClient> admin, String clusterName, String webhookUrl) {
        invoke(admin, "Delete", clusterName, webhookUrl);
    }

    private static void invoke(Supplier<KubernetesClient> admin, String requestType, String clusterName, String webhookUrl) {
        new ClusterAccessResource(name -> admin.get(), pause -> { }).handleRequest(Map.of(
                "RequestType", requestType,
                "PhysicalResourceId", ClusterAccessRequest.physicalIdFor(clusterName),
                "ResourceProperties", Map.of(
                        ClusterAccessRequest.CLUSTER_NAME, clusterName,
                        ClusterAccessRequest.WEBHOOK_URL, webhookUrl,
                        ClusterAccessRequest.CONTROLLER_GROUP, CONTROLLER_GROUP)), null);
    }
}
