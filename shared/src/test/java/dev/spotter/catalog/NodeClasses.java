package dev.spotter.catalog;

import dev.spotter.config.BlockDeviceMapping;
import dev.spotter.config.KubeletConfiguration;
import dev.spotter.config.MetadataOptions;
import dev.spotter.config.NodeClass;

import java.util.List;
import java.util.Map;

/** EC2NodeClasses for resolver tests. */
final class NodeClasses {
    private NodeClasses() {
    }

    static NodeClass of(String amiFamily, KubeletConfiguration kubelet, List<BlockDeviceMapping> mappings, String instanceStorePolicy) {
        return new NodeClass("default", amiFamily, List.of(), List.of(), List.of(), "KarpenterNodeRole", "", "", mappings,
                MetadataOptions.DEFAULT, kubelet, Map.of(), null, false, instanceStorePolicy);
    }

    static NodeClass al2023() {
        return of("AL2023", KubeletConfiguration.DEFAULT, List.of(), "");
    }

    static NodeClass al2023(KubeletConfiguration kubelet) {
        return of("AL2023", kubelet, List.of(), "");
    }

    static KubeletConfiguration kubelet(int maxPods, int podsPerCore) {
        return new KubeletConfiguration(maxPods, podsPerCore, Map.of(), Map.of(), Map.of(), Map.of(), List.of(), null, null, null);
    }
}
