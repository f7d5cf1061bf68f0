package dev.spotter.catalog;

import dev.spotter.config.AmiFamily;
import dev.spotter.config.KubeletConfiguration;
import dev.spotter.model.Quantity;
import dev.spotter.model.Resources;

import java.util.Map;

/**
 * The capacity arithmetic of Karpenter's pkg/providers/instancetype/types.go (aws/karpenter-provider-aws, v1.x),
 * function by function: {@code memory}, {@code ephemeralStorage}, {@code pods}, {@code ENILimitedPods},
 * {@code kubeReservedResources}, {@code systemReservedResources}, {@code evictionThreshold}. Kept apart from the
 * resolver so each formula can be read against its Go original.
 */
final class NodeOverhead {
    /** Karpenter's --vm-memory-overhead-percent default. */
    static final double VM_MEMORY_OVERHEAD_PERCENT = 0.075;
    static final String MEMORY_AVAILABLE = "memory.available";
    static final String NODEFS_AVAILABLE = "nodefs.available";
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    /** kubeReservedResources' cpu tiers: {start millis, end millis, fraction}. */
    private static final double[][] CPU_TIERS = {
            {0, 1000, 0.06},
            {1000, 2000, 0.01},
            {2000, 4000, 0.005},
            {4000, 1L << 31, 0.0025},
    };

    private NodeOverhead() {
    }

    /** memory(): MiB from EC2, less 64 MiB of CMA on Graviton, less the VM overhead (rounded up to whole MiB). */
    static long memoryBytes(InstanceSpec spec) {
        long mib = spec.memoryMib();
        if ("arm64".equals(spec.arch())) {
            mib -= 64;
        }
        long overheadMib = (long) Math.ceil(mib * VM_MEMORY_OVERHEAD_PERCENT);
        return (mib - overheadMib) * MIB;
    }

    /**
     * ephemeralStorage(): with instanceStorePolicy RAID0 the instance store (GB); else the root volume's size from
     * blockDeviceMappings; for Custom the last mapping's size; else the mapping of the family's ephemeral device;
     * else the family's default (20Gi; Bottlerocket's /dev/xvdb 20Gi).
     */
    static long ephemeralStorageBytes(InstanceSpec spec, AmiFamily family, java.util.List<dev.spotter.config.BlockDeviceMapping> mappings,
                                      String instanceStorePolicy) {
        if ("RAID0".equals(instanceStorePolicy) && spec.localStorageGb() > 0) {
            return spec.localStorageGb() * 1_000_000_000L;
        }
        if (!mappings.isEmpty()) {
            for (var mapping : mappings) {
                if (mapping.rootVolume() && mapping.volumeSizeBytes() > 0) {
                    return mapping.volumeSizeBytes();
                }
            }
            if (family == AmiFamily.CUSTOM) {
                long last = mappings.get(mappings.size() - 1).volumeSizeBytes();
                return last > 0 ? last : 20 * GIB;
            }
            for (var mapping : mappings) {
                if (mapping.deviceName().equals(family.ephemeralBlockDevice()) && mapping.volumeSizeBytes() > 0) {
                    return mapping.volumeSizeBytes();
                }
            }
        }
        return family.defaultEphemeralStorageBytes();
    }

    /** ENILimitedPods() with no reserved ENIs: ENIs of the default card × (IPv4 per ENI − 1) + 2. */
    static long eniLimitedPods(InstanceSpec spec) {
        if (spec.maxEnis() > 0 && spec.ipv4PerEni() > 0) {
            return (long) spec.maxEnis() * (spec.ipv4PerEni() - 1) + 2;
        }
        return spec.maxPodsEni();
    }

    /**
     * pods(): the kubelet's maxPods when set, else the ENI-limited number where the family supports it, else 110;
     * then at most podsPerCore × vCPUs when podsPerCore is set and the family honours it (Bottlerocket does not).
     */
    static long pods(InstanceSpec spec, AmiFamily family, KubeletConfiguration kubelet) {
        long count;
        if (kubelet.maxPods() > 0) {
            count = kubelet.maxPods();
        } else if (family.supportsEniLimitedPodDensity()) {
            count = eniLimitedPods(spec);
        } else {
            count = 110;
        }
        if (kubelet.podsPerCore() > 0 && family.podsPerCoreEnabled()) {
            count = Math.min((long) kubelet.podsPerCore() * spec.vcpu(), count);
        }
        return count;
    }

    /**
     * kubeReservedResources(): memory 11 MiB per pod + 255 MiB, ephemeral-storage 1Gi, cpu by tiers (6% of the first
     * core, 1% of the second, 0.5% of the third and fourth, 0.25% of the rest, each tier truncated to whole millis);
     * the kubelet's kubeReserved entries replace the computed ones. {@code pods} is the ENI-limited count where the
     * family uses ENI-limited memory overhead (AL2, AL2023, Custom), else the node's pod limit.
     */
    static Resources kubeReserved(long cpuMillis, long pods, Map<String, String> overrides) {
        Resources.Builder reserved = Resources.builder()
                .memoryBytes((11 * pods + 255) * MIB)
                .set(Resources.EPHEMERAL_STORAGE, GIB);
        long cpu = 0;
        for (double[] tier : CPU_TIERS) {
            if (cpuMillis >= tier[0]) {
                double range = cpuMillis < tier[1] ? cpuMillis - tier[0] : tier[1] - tier[0];
                cpu += (long) (range * tier[2]);
            }
        }
        reserved.cpuMillis(cpu);
        overrides.forEach((name, value) -> reserved.set(name, quantity(name, value)));
        return reserved.build();
    }

    /** systemReservedResources(): exactly the kubelet's systemReserved entries. */
    static Resources systemReserved(Map<String, String> systemReserved) {
        Resources.Builder reserved = Resources.builder();
        systemReserved.forEach((name, value) -> reserved.set(name, quantity(name, value)));
        return reserved.build();
    }

    /**
     * evictionThreshold(): memory.available 100Mi and nodefs.available 10% of ephemeral storage (rounded up to a
     * byte), replaced by evictionHard's values (a quantity, or a percentage of capacity; 100% disables). Current
     * Karpenter ignores evictionSoft here: a soft threshold only warns, so it does not lower allocatable.
     */
    static Resources evictionThreshold(long memoryBytes, long storageBytes, Map<String, String> evictionHard) {
        long memory = 100 * MIB;
        long storage = (long) Math.ceil((double) storageBytes / 100 * 10);
        if (evictionHard.containsKey(MEMORY_AVAILABLE)) {
            memory = evictionSignal(memoryBytes, evictionHard.get(MEMORY_AVAILABLE));
        }
        if (evictionHard.containsKey(NODEFS_AVAILABLE)) {
            storage = evictionSignal(storageBytes, evictionHard.get(NODEFS_AVAILABLE));
        }
        return Resources.builder().memoryBytes(memory).set(Resources.EPHEMERAL_STORAGE, storage).build();
    }

    /** computeEvictionSignal(): a percentage of capacity (rounded up), or a quantity. */
    static long evictionSignal(long capacity, String signal) {
        if (signal.endsWith("%")) {
            double percent = Double.parseDouble(signal.substring(0, signal.length() - 1).trim());
            if (percent == 100) {
                percent = 0;
            }
            return (long) Math.ceil((double) capacity / 100 * percent);
        }
        return Quantity.parseValue(signal);
    }

    private static long quantity(String name, String value) {
        return Resources.CPU.equals(name) ? Quantity.parseMillis(value) : Quantity.parseValue(value);
    }
}
