package dev.spotter.adapters.ec2;

import dev.spotter.config.BlockDeviceMapping;

import java.util.List;
import java.util.Locale;

/** The AMI families Spotter bootstraps, with Karpenter's default block devices. */
enum AmiFamily {
    AL2023, BOTTLEROCKET, CUSTOM;

    private static final long GI = 1L << 30;

    static AmiFamily fromNodeClass(String amiFamily) {
        if (amiFamily == null || amiFamily.isBlank()) {
            return CUSTOM;
        }
        return switch (amiFamily.toLowerCase(Locale.ROOT)) {
            case "al2023" -> AL2023;
            case "bottlerocket" -> BOTTLEROCKET;
            case "custom" -> CUSTOM;
            default -> throw new IllegalArgumentException("amiFamily '" + amiFamily
                    + "' is not supported by Spotter (supported: AL2023, Bottlerocket, Custom)");
        };
    }

    /** Karpenter's defaults: AL2023 a 20Gi gp3 root; Bottlerocket a 4Gi OS volume and a 20Gi data volume. */
    List<BlockDeviceMapping> defaultBlockDevices() {
        return switch (this) {
            case AL2023 -> List.of(gp3("/dev/xvda", 20 * GI, true));
            case BOTTLEROCKET -> List.of(gp3("/dev/xvda", 4 * GI, true), gp3("/dev/xvdb", 20 * GI, false));
            case CUSTOM -> List.of();
        };
    }

    private static BlockDeviceMapping gp3(String device, long bytes, boolean root) {
        return new BlockDeviceMapping(device, root, bytes, "gp3", 0, 0, true, "", true, "");
    }
}
