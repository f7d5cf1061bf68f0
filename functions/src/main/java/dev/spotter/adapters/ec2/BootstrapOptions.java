package dev.spotter.adapters.ec2;

import dev.spotter.cloud.ClusterInfo;
import dev.spotter.config.KubeletConfiguration;
import dev.spotter.model.Taint;

import java.util.List;
import java.util.Map;

/**
 * What a node's user data tells the kubelet: the cluster to join, the labels and taints to register with, the
 * kubelet settings (with the max pods of the launch template's instance types) and the user's own user data.
 */
record BootstrapOptions(
        ClusterInfo cluster,
        Map<String, String> labels,
        List<Taint> taints,
        KubeletConfiguration kubelet,
        int maxPods,
        String customUserData) {

    BootstrapOptions {
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
        customUserData = customUserData == null ? "" : customUserData;
    }

    /** The cluster DNS address: the EC2NodeClass's, else the one EKS derives from the service CIDR (may be empty). */
    String clusterDnsIp() {
        return kubelet.clusterDns().isEmpty() ? cluster.clusterDnsIp() : kubelet.clusterDns().get(0);
    }
}
