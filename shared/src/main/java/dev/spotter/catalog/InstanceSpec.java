package dev.spotter.catalog;

import java.util.List;

/**
 * What EC2 says about an instance type, before any kubelet configuration: one row of the catalog.
 * Prices are USD per hour; {@code onDemandPrice} is NaN when unknown, {@code spotSavingsPercent} is 0 when unknown.
 * {@code zones} are zone names (us-east-1a).
 */
public record InstanceSpec(
        String name,
        String family,
        boolean currentGeneration,
        String arch,
        int vcpu,
        long memoryMib,
        int gpuCount,
        String gpuName,
        String gpuManufacturer,
        long gpuMemoryMib,
        String acceleratorName,
        String acceleratorManufacturer,
        int acceleratorCount,
        int maxEnis,
        int ipv4PerEni,
        int maxPodsEni,
        long localStorageGb,
        double onDemandPrice,
        double spotSavingsPercent,
        List<String> zones,
        String hypervisor,
        boolean bareMetal,
        boolean burstable,
        boolean spotSupported,
        String processorManufacturer) {

    public InstanceSpec {
        zones = List.copyOf(zones);
        gpuName = gpuName == null ? "" : gpuName;
        gpuManufacturer = gpuManufacturer == null ? "" : gpuManufacturer;
        acceleratorName = acceleratorName == null ? "" : acceleratorName;
        acceleratorManufacturer = acceleratorManufacturer == null ? "" : acceleratorManufacturer;
        hypervisor = hypervisor == null ? "" : hypervisor;
        processorManufacturer = processorManufacturer == null ? "" : processorManufacturer;
    }

    public boolean hasGpu() {
        return gpuCount > 0;
    }

    public boolean hasAccelerator() {
        return acceleratorCount > 0;
    }

    /** The part after the dot: "large" for m7i.large. */
    public String size() {
        int dot = name.indexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    /** The spot price estimate: on-demand less the Spot Advisor's average saving; NaN when either is unknown. */
    public double estimatedSpotPrice() {
        if (Double.isNaN(onDemandPrice) || spotSavingsPercent <= 0 || !spotSupported) {
            return Double.NaN;
        }
        return onDemandPrice * (1 - spotSavingsPercent / 100.0);
    }
}
