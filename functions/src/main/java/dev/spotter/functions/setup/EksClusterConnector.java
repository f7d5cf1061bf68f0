package dev.spotter.functions.setup;

import dev.spotter.adapters.kubernetes.KubernetesClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/** Connects with Spotter's own EKS client factory (DescribeCluster, then an IAM bearer token per request). */
final class EksClusterConnector implements ClusterConnector {

    @Override
    public KubernetesClient connect(String clusterName) {
        try {
            return KubernetesClients.create().forEksCluster(clusterName);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                throw new ClusterGoneException(e.getMessage(), e);
            }
            throw e;
        }
    }
}
