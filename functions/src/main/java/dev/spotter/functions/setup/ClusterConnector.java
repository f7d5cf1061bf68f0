package dev.spotter.functions.setup;

import io.fabric8.kubernetes.client.KubernetesClient;

/** Opens a Kubernetes client for an EKS cluster by name (the real one: DescribeCluster and an IAM token). */
@FunctionalInterface
interface ClusterConnector {
    KubernetesClient connect(String clusterName);
}
