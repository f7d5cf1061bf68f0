package dev.spotter.cloud;

/**
 * What a node needs to know to join the cluster, as EKS DescribeCluster reports it. {@code certificateAuthorityData}
 * is the base64 PEM bundle; {@code kubernetesVersion} is major.minor ("1.31"); {@code serviceIpv4Cidr} is the
 * service CIDR ("10.100.0.0/16").
 */
public record ClusterInfo(String name, String endpoint, String certificateAuthorityData, String kubernetesVersion,
                          String serviceIpv4Cidr) {

    public ClusterInfo {
        require(name, "name");
        require(endpoint, "endpoint");
        require(kubernetesVersion, "kubernetesVersion");
        certificateAuthorityData = certificateAuthorityData == null ? "" : certificateAuthorityData;
        serviceIpv4Cidr = serviceIpv4Cidr == null ? "" : serviceIpv4Cidr;
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("cluster info needs a " + field);
        }
    }

    /**
     * The cluster DNS service address EKS uses: the tenth address of the service CIDR (10.100.0.10 for
     * 10.100.0.0/16); empty when the CIDR is unknown or not IPv4.
     */
    public String clusterDnsIp() {
        int slash = serviceIpv4Cidr.indexOf('/');
        String base = slash < 0 ? serviceIpv4Cidr : serviceIpv4Cidr.substring(0, slash);
        String[] octets = base.split("\\.");
        if (octets.length != 4) {
            return "";
        }
        try {
            long address = 0;
            for (String octet : octets) {
                int value = Integer.parseInt(octet);
                if (value < 0 || value > 255) {
                    return "";
                }
                address = (address << 8) | value;
            }
            address += 10;
            return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
        } catch (NumberFormatException e) {
            return "";
        }
    }
}
