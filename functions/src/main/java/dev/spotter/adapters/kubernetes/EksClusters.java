package dev.spotter.adapters.kubernetes;

import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/** Reads an EKS cluster's endpoint, CA, version and service CIDR with DescribeCluster. */
public final class EksClusters {
    private final EksClient eks;

    public EksClusters(EksClient eks) {
        this.eks = eks;
    }

    /**
     * @throws IllegalArgumentException when there is no such cluster, or it is not ready yet (no endpoint, CA or
     *                                  version)
     */
    public EksClusterInfo describe(String clusterName) {
        Cluster cluster;
        try {
            cluster = eks.describeCluster(r -> r.name(clusterName)).cluster();
        } catch (ResourceNotFoundException e) {
            throw new IllegalArgumentException("EKS cluster " + clusterName + " not found in this account and region", e);
        }
        String ca = cluster.certificateAuthority() == null ? null : cluster.certificateAuthority().data();
        String serviceCidr = cluster.kubernetesNetworkConfig() == null
                ? "" : cluster.kubernetesNetworkConfig().serviceIpv4Cidr();
        try {
            return new EksClusterInfo(cluster.name(), cluster.endpoint(), ca, cluster.version(), serviceCidr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("EKS cluster " + clusterName + " (status " + cluster.statusAsString() + "): "
                    + e.getMessage(), e);
        }
    }
}
