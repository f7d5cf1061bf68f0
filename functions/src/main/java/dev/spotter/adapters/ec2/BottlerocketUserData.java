package dev.spotter.adapters.ec2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.spotter.config.KubeletConfiguration;
import dev.spotter.model.Taint;

import java.util.Map;
import java.util.TreeMap;

/**
 * Bottlerocket user data, as Karpenter writes it (pkg/providers/amifamily/bootstrap/bottlerocket.go): the user's TOML
 * settings, with the cluster, labels, taints and kubelet settings Spotter needs forced over them. User labels are kept
 * where Spotter sets no value for the key; node taints are replaced by the NodePool's.
 */
final class BottlerocketUserData {
    private static final TomlMapper TOML = new TomlMapper();

    private BottlerocketUserData() {
    }

    static String render(BootstrapOptions options) {
        ObjectNode root = parseUserToml(options.customUserData());
        ObjectNode settings = object(root, "settings");
        ObjectNode kubernetes = object(settings, "kubernetes");
        kubernetes.put("cluster-name", options.cluster().name());
        kubernetes.put("api-server", options.cluster().endpoint());
        if (!options.cluster().certificateAuthorityData().isEmpty()) {
            kubernetes.put("cluster-certificate", options.cluster().certificateAuthorityData());
        }
        if (!options.clusterDnsIp().isEmpty()) {
            kubernetes.put("cluster-dns-ip", options.clusterDnsIp());
        }
        if (options.maxPods() > 0) {
            kubernetes.put("max-pods", options.maxPods());
        }
        ObjectNode labels = object(kubernetes, "node-labels");
        new TreeMap<>(options.labels()).forEach(labels::put);
        kubernetes.set("node-taints", taints(options));
        kubeletSettings(kubernetes, options.kubelet());
        if (settings.has("autoscaling") && settings.get("autoscaling").has("should-wait")) {
            // Spotter's nodes join no Auto Scaling group, so waiting for one would block the kubelet
            ((ObjectNode) settings.get("autoscaling")).put("should-wait", false);
        }
        try {
            return TOML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write Bottlerocket TOML", e);
        }
    }

    private static ObjectNode taints(BootstrapOptions options) {
        ObjectNode taints = TOML.createObjectNode();
        Map<String, ArrayNode> byKey = new TreeMap<>();
        for (Taint taint : options.taints()) {
            byKey.computeIfAbsent(taint.key(), key -> TOML.createArrayNode()).add(taint.value() + ":" + taint.effect());
        }
        byKey.forEach(taints::set);
        return taints;
    }

    private static void kubeletSettings(ObjectNode kubernetes, KubeletConfiguration kubelet) {
        putMap(kubernetes, "system-reserved", kubelet.systemReserved());
        putMap(kubernetes, "kube-reserved", kubelet.kubeReserved());
        putMap(kubernetes, "eviction-hard", kubelet.evictionHard());
        putMap(kubernetes, "eviction-soft", kubelet.evictionSoft());
        if (kubelet.imageGcHighThresholdPercent() != null) {
            kubernetes.put("image-gc-high-threshold-percent", String.valueOf(kubelet.imageGcHighThresholdPercent()));
        }
        if (kubelet.imageGcLowThresholdPercent() != null) {
            kubernetes.put("image-gc-low-threshold-percent", String.valueOf(kubelet.imageGcLowThresholdPercent()));
        }
        if (kubelet.cpuCfsQuota() != null) {
            kubernetes.put("cpu-cfs-quota-enforced", kubelet.cpuCfsQuota());
        }
    }

    private static void putMap(ObjectNode parent, String field, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode node = parent.putObject(field);
            new TreeMap<>(values).forEach(node::put);
        }
    }

    private static ObjectNode parseUserToml(String userData) {
        if (userData.isBlank()) {
            return TOML.createObjectNode();
        }
        try {
            JsonNode node = TOML.readTree(userData);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("Bottlerocket userData must be a TOML document of settings");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Bottlerocket userData is not valid TOML: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode existing = parent.get(field);
        if (existing instanceof ObjectNode node) {
            return node;
        }
        if (existing != null) {
            throw new IllegalArgumentException("Bottlerocket userData: '" + field + "' must be a table");
        }
        return parent.putObject(field);
    }
}
