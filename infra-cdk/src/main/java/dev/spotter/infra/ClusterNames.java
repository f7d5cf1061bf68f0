package dev.spotter.infra;

import java.util.regex.Pattern;

/** EKS cluster name rules: checked at synth, because the name ends up in IAM conditions and resource names. */
final class ClusterNames {

    private static final Pattern VALID = Pattern.compile("^[0-9A-Za-z][A-Za-z0-9\\-_]{0,99}$");

    private ClusterNames() {
    }

    static boolean isValid(String clusterName) {
        return VALID.matcher(clusterName).matches();
    }
}
