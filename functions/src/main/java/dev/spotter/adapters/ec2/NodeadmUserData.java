package dev.spotter.adapters.ec2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.spotter.config.KubeletConfiguration;
import dev.spotter.model.Taint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * AL2023 user data, as Karpenter writes it (pkg/providers/amifamily/bootstrap/nodeadm.go): a MIME multi-part document
 * whose first part is a nodeadm NodeConfig (cluster, kubelet config with registerWithTaints, --node-labels flag),
 * followed by the user's parts: a MIME document merged part by part, a NodeConfig YAML or a shell script as one part.
 */
final class NodeadmUserData {
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private NodeadmUserData() {
    }

    /** The user data document (not yet base64-encoded). */
    static String render(BootstrapOptions options) {
        List<MimeArchive.Part> parts = new ArrayList<>();
        parts.add(new MimeArchive.Part(MimeArchive.NODE_CONFIG, nodeConfig(options)));
        parts.addAll(customParts(options.customUserData()));
        return new MimeArchive(parts).serialize();
    }

    static String nodeConfig(BootstrapOptions options) {
        ObjectNode root = YAML.createObjectNode();
        root.put("apiVersion", "node.eks.aws/v1alpha1");
        root.put("kind", "NodeConfig");
        ObjectNode spec = root.putObject("spec");
        ObjectNode cluster = spec.putObject("cluster");
        cluster.put("name", options.cluster().name());
        cluster.put("apiServerEndpoint", options.cluster().endpoint());
        if (!options.cluster().certificateAuthorityData().isEmpty()) {
            cluster.put("certificateAuthority", options.cluster().certificateAuthorityData());
        }
        if (!options.cluster().serviceIpv4Cidr().isEmpty()) {
            cluster.put("cidr", options.cluster().serviceIpv4Cidr());
        }
        ObjectNode kubelet = spec.putObject("kubelet");
        kubelet.set("config", kubeletConfig(options));
        String labels = labelFlag(options.labels());
        if (!labels.isEmpty()) {
            kubelet.putArray("flags").add(labels);
        }
        try {
            return "# Spotter generated NodeConfig\n" + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write NodeConfig YAML", e);
        }
    }

    private static ObjectNode kubeletConfig(BootstrapOptions options) {
        KubeletConfiguration settings = options.kubelet();
        ObjectNode config = YAML.createObjectNode();
        if (options.maxPods() > 0) {
            config.put("maxPods", options.maxPods());
        }
        if (settings.podsPerCore() > 0) {
            config.put("podsPerCore", settings.podsPerCore());
        }
        String dns = options.clusterDnsIp();
        if (!dns.isEmpty()) {
            ArrayNode clusterDns = config.putArray("clusterDNS");
            if (settings.clusterDns().isEmpty()) {
                clusterDns.add(dns);
            } else {
                settings.clusterDns().forEach(clusterDns::add);
            }
        }
        putMap(config, "systemReserved", settings.systemReserved());
        putMap(config, "kubeReserved", settings.kubeReserved());
        putMap(config, "evictionHard", settings.evictionHard());
        putMap(config, "evictionSoft", settings.evictionSoft());
        if (settings.imageGcHighThresholdPercent() != null) {
            config.put("imageGCHighThresholdPercent", settings.imageGcHighThresholdPercent());
        }
        if (settings.imageGcLowThresholdPercent() != null) {
            config.put("imageGCLowThresholdPercent", settings.imageGcLowThresholdPercent());
        }
        if (settings.cpuCfsQuota() != null) {
            config.put("cpuCFSQuota", settings.cpuCfsQuota());
        }
        if (!options.taints().isEmpty()) {
            ArrayNode taints = config.putArray("registerWithTaints");
            for (Taint taint : options.taints()) {
                ObjectNode node = taints.addObject().put("key", taint.key());
                if (!taint.value().isEmpty()) {
                    node.put("value", taint.value());
                }
                node.put("effect", taint.effect());
            }
        }
        return config;
    }

    private static void putMap(ObjectNode config, String field, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode node = config.putObject(field);
            new TreeMap<>(values).forEach(node::put);
        }
    }

    /** --node-labels=k=v,... sorted by key, so equal inputs give equal templates. */
    static String labelFlag(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder flag = new StringBuilder("--node-labels=");
        new TreeMap<>(labels).forEach((key, value) -> flag.append(key).append('=').append(value).append(','));
        return flag.substring(0, flag.length() - 1);
    }

    private static List<MimeArchive.Part> customParts(String userData) {
        if (userData.isBlank()) {
            return List.of();
        }
        if (MimeArchive.looksLikeMime(userData)) {
            return MimeArchive.parse(userData).parts();
        }
        return List.of(new MimeArchive.Part(isYamlMap(userData) ? MimeArchive.NODE_CONFIG : MimeArchive.SHELL_SCRIPT, userData));
    }

    private static boolean isYamlMap(String text) {
        try {
            JsonNode node = YAML.readTree(text);
            return node != null && node.isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
