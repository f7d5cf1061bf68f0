package dev.spotter.infra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The node role gets a predictable name, like Karpenter's {@code KarpenterNodeRole-${CLUSTER_NAME}}, so that
 * EC2NodeClass YAML can name it ({@code role: "${SPOTTER_NODE_ROLE_NAME}"}) and the instance profile can share it.
 */
final class NodeRoleName {

    static final String PREFIX = "SpotterNodeRole-";
    private static final int IAM_ROLE_NAME_MAX = 64;

    private NodeRoleName() {
    }

    /** {@code SpotterNodeRole-<cluster>}, or a shortened name with a hash of the cluster name when that exceeds 64. */
    static String forCluster(String clusterName) {
        String name = PREFIX + clusterName;
        if (name.length() <= IAM_ROLE_NAME_MAX) {
            return name;
        }
        String hash = sha256(clusterName).substring(0, 8);
        return name.substring(0, IAM_ROLE_NAME_MAX - hash.length() - 1) + "-" + hash;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
