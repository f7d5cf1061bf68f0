package dev.spotter.disruption;

import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spotter's drift hashes, stable across runs: of a NodePool's template as Karpenter v1 hashes it (everything but its
 * requirements, which drift by label instead, and its disruption block and limits, which are not template) and of an
 * EC2NodeClass's spec without its selector terms (their resolved AMIs, subnets and security groups drift on their own).
 * Used when the NodePool or EC2NodeClass carries no Karpenter hash annotation.
 */
public final class TemplateHash {
    private TemplateHash() {
    }

    public static String of(NodePool pool) {
        return digest("nodepool|" + pool.nodeClassName() + "|" + canonical(pool.labels()) + "|" + canonical(pool.annotations())
                + "|" + canonical(pool.taints()) + "|" + canonical(pool.startupTaints()) + "|" + pool.expireAfter() + "|"
                + pool.terminationGracePeriod());
    }

    public static String of(NodeClass nodeClass) {
        return digest("ec2nodeclass|" + nodeClass.amiFamily() + "|" + nodeClass.role() + "|" + nodeClass.instanceProfile() + "|"
                + nodeClass.userData() + "|" + canonical(nodeClass.blockDeviceMappings()) + "|"
                + canonical(nodeClass.metadataOptions()) + "|" + canonical(nodeClass.kubelet()) + "|" + canonical(nodeClass.tags())
                + "|" + nodeClass.associatePublicIpAddress() + "|" + nodeClass.detailedMonitoring() + "|"
                + nodeClass.instanceStorePolicy());
    }

    /** A text for a value whose maps are sorted by key, so it does not depend on iteration order. */
    static String canonical(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> map) {
            TreeMap<String, String> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted.toString();
        }
        if (value instanceof Collection<?> collection) {
            StringBuilder text = new StringBuilder("[");
            for (Object element : collection) {
                text.append(canonical(element)).append(',');
            }
            return text.append(']').toString();
        }
        if (value instanceof Record record) {
            StringBuilder text = new StringBuilder(record.getClass().getSimpleName()).append('{');
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    text.append(component.getName()).append('=').append(canonical(component.getAccessor().invoke(record))).append(';');
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
                }
            }
            return text.append('}').toString();
        }
        return String.valueOf(value);
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
