package dev.spotter.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The AMI families an EC2NodeClass may name, with what each changes about a node's capacity. Values mirror
 * Karpenter's pkg/providers/amifamily: {@code FeatureFlags()} (DefaultFamily: all true; Bottlerocket turns off
 * ENI-limited memory overhead, podsPerCore and evictionSoft; Windows turns off ENI-limited memory overhead and
 * ENI-limited pod density), {@code EphemeralBlockDevice()} and {@code DefaultBlockDeviceMappings()}
 * (DefaultEBS is 20Gi; Bottlerocket's data volume /dev/xvdb is 20Gi; Windows' /dev/sda1 is 50Gi). Spotter launches
 * AL2023, Bottlerocket and Custom ({@link #launchable}).
 */
public enum AmiFamily {
    AL2("AL2", "al2", true, true, true, true, "/dev/xvda", 20),
    AL2023("AL2023", "al2023", true, true, true, true, "/dev/xvda", 20),
    BOTTLEROCKET("Bottlerocket", "bottlerocket", false, false, false, true, "/dev/xvdb", 20),
    WINDOWS2019("Windows2019", "windows2019", false, true, true, false, "/dev/sda1", 50),
    WINDOWS2022("Windows2022", "windows2022", false, true, true, false, "/dev/sda1", 50),
    /** A user's own AMI: no default volumes, so ephemeral storage falls back to DefaultEBS's 20Gi. */
    CUSTOM("Custom", "", true, true, true, true, "", 20);

    private final String yamlName;
    private final String aliasPrefix;
    private final boolean usesEniLimitedMemoryOverhead;
    private final boolean podsPerCoreEnabled;
    private final boolean evictionSoftEnabled;
    private final boolean supportsEniLimitedPodDensity;
    private final String ephemeralBlockDevice;
    private final long defaultEphemeralGi;

    AmiFamily(String yamlName, String aliasPrefix, boolean usesEniLimitedMemoryOverhead, boolean podsPerCoreEnabled,
              boolean evictionSoftEnabled, boolean supportsEniLimitedPodDensity, String ephemeralBlockDevice,
              long defaultEphemeralGi) {
        this.yamlName = yamlName;
        this.aliasPrefix = aliasPrefix;
        this.usesEniLimitedMemoryOverhead = usesEniLimitedMemoryOverhead;
        this.podsPerCoreEnabled = podsPerCoreEnabled;
        this.evictionSoftEnabled = evictionSoftEnabled;
        this.supportsEniLimitedPodDensity = supportsEniLimitedPodDensity;
        this.ephemeralBlockDevice = ephemeralBlockDevice;
        this.defaultEphemeralGi = defaultEphemeralGi;
    }

    /** The spelling in {@code spec.amiFamily}: AL2, AL2023, Bottlerocket, Windows2019, Windows2022, Custom. */
    public String yamlName() {
        return yamlName;
    }

    /** The family of an alias ("al2023@latest"), case-insensitively as Karpenter's CRD does. */
    public static Optional<AmiFamily> fromAlias(String alias) {
        int at = alias.indexOf('@');
        String prefix = (at < 0 ? alias : alias.substring(0, at)).toLowerCase(Locale.ROOT);
        for (AmiFamily family : values()) {
            if (!family.aliasPrefix.isEmpty() && family.aliasPrefix.equals(prefix)) {
                return Optional.of(family);
            }
        }
        return Optional.empty();
    }

    public static Optional<AmiFamily> fromYaml(String name) {
        for (AmiFamily family : values()) {
            if (family.yamlName.equals(name)) {
                return Optional.of(family);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #fromYaml}, but an empty or unknown name reads as AL2023, Karpenter v1's default. */
    public static AmiFamily ofNodeClass(NodeClass nodeClass) {
        return nodeClass.amiFamily() == null ? AL2023 : fromYaml(nodeClass.amiFamily()).orElse(AL2023);
    }

    /** Kube-reserved memory counts the ENI-limited pod number, whatever maxPods says. */
    public boolean usesEniLimitedMemoryOverhead() {
        return usesEniLimitedMemoryOverhead;
    }

    public boolean podsPerCoreEnabled() {
        return podsPerCoreEnabled;
    }

    public boolean evictionSoftEnabled() {
        return evictionSoftEnabled;
    }

    /** Without a maxPods override, the pod limit is the ENI-limited number (else 110). */
    public boolean supportsEniLimitedPodDensity() {
        return supportsEniLimitedPodDensity;
    }

    /** The device whose size is the node's ephemeral storage; empty for Custom (unknown). */
    public String ephemeralBlockDevice() {
        return ephemeralBlockDevice;
    }

    public long defaultEphemeralStorageBytes() {
        return defaultEphemeralGi << 30;
    }

    public boolean isWindows() {
        return this == WINDOWS2019 || this == WINDOWS2022;
    }

    /** Whether Spotter launches nodes of this family: it writes AL2023 and Bottlerocket user data, and passes Custom's through. */
    public boolean launchable() {
        return this == AL2023 || this == BOTTLEROCKET || this == CUSTOM;
    }

    /**
     * Karpenter's DefaultBlockDeviceMappings, used when the EC2NodeClass lists none: AL2 and AL2023 a 20Gi gp3 root,
     * Bottlerocket a 4Gi gp3 OS volume and a 20Gi gp3 data volume, Windows a 50Gi gp3 root; Custom none.
     */
    public List<BlockDeviceMapping> defaultBlockDevices() {
        return switch (this) {
            case AL2, AL2023 -> List.of(gp3("/dev/xvda", 20, true));
            case BOTTLEROCKET -> List.of(gp3("/dev/xvda", 4, true), gp3("/dev/xvdb", 20, false));
            case WINDOWS2019, WINDOWS2022 -> List.of(gp3("/dev/sda1", 50, true));
            case CUSTOM -> List.of();
        };
    }

    private static BlockDeviceMapping gp3(String device, long gi, boolean root) {
        return new BlockDeviceMapping(device, root, gi << 30, "gp3", 0, 0, true, "", true, "");
    }
}
