package dev.spotter.adapters.kubernetes;

import dev.spotter.cloud.ClusterInfo;

/**
 * What Spotter needs to know of an EKS cluster to talk to it and to launch nodes for it.
 *
 * @param certificateAuthority the cluster CA as EKS returns it: base64 of the PEM bundle
 * @param serviceCidr          the Kubernetes service IPv4 CIDR (kubelet's cluster DNS is derived from it); empty if EKS
 *                             returned none
 */
public record EksClusterInfo(String name, String endpoint, String certificateAuthority, String kubernetesVersion,
                             String serviceCidr) {

    public EksClusterInfo {
        require(name, "name");
        require(endpoint, "endpoint");
        require(certificateAuthority, "certificateAuthority.data");
        kubernetesVersion = kubernetesVersion == null ? "" : kubernetesVersion;
        serviceCidr = serviceCidr == null ? "" : serviceCidr;
    }

    /** The same facts as the domain's {@link ClusterInfo}, which the launch path uses. */
    public ClusterInfo toClusterInfo() {
        return new ClusterInfo(name, endpoint, certificateAuthority, kubernetesVersion.isEmpty() ? "unknown" : kubernetesVersion,
                serviceCidr);
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("EKS cluster description has no " + field + " (is the cluster still CREATING?)");
        }
    }
}
