package dev.spotter.config;

import java.util.List;
import java.util.Map;

/**
 * The EC2NodeClass kubelet block. {@code maxPods} and {@code podsPerCore} are 0 when unset; the reserved and eviction
 * maps hold the raw Kubernetes quantities ("100Mi", "10%"), the grace periods raw durations ("1m30s"); unset numbers
 * and booleans are null.
 */
public record KubeletConfiguration(
        int maxPods,
        int podsPerCore,
        Map<String, String> systemReserved,
        Map<String, String> kubeReserved,
        Map<String, String> evictionHard,
        Map<String, String> evictionSoft,
        List<String> clusterDns,
        Integer imageGcHighThresholdPercent,
        Integer imageGcLowThresholdPercent,
        Boolean cpuCfsQuota,
        Map<String, String> evictionSoftGracePeriod,
        Integer evictionMaxPodGracePeriod) {

    public static final KubeletConfiguration DEFAULT =
            new KubeletConfiguration(0, 0, Map.of(), Map.of(), Map.of(), Map.of(), List.of(), null, null, null);

    public KubeletConfiguration {
        systemReserved = Map.copyOf(systemReserved);
        kubeReserved = Map.copyOf(kubeReserved);
        evictionHard = Map.copyOf(evictionHard);
        evictionSoft = Map.copyOf(evictionSoft);
        clusterDns = List.copyOf(clusterDns);
        evictionSoftGracePeriod = evictionSoftGracePeriod == null ? Map.of() : Map.copyOf(evictionSoftGracePeriod);
    }

    /** Without evictionSoftGracePeriod and evictionMaxPodGracePeriod (kept for callers written before they were added). */
    public KubeletConfiguration(int maxPods, int podsPerCore, Map<String, String> systemReserved, Map<String, String> kubeReserved,
                                Map<String, String> evictionHard, Map<String, String> evictionSoft, List<String> clusterDns,
                                Integer imageGcHighThresholdPercent, Integer imageGcLowThresholdPercent, Boolean cpuCfsQuota) {
        this(maxPods, podsPerCore, systemReserved, kubeReserved, evictionHard, evictionSoft, clusterDns,
                imageGcHighThresholdPercent, imageGcLowThresholdPercent, cpuCfsQuota, Map.of(), null);
    }
}
