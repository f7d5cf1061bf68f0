package dev.spotter.adapters.pricing;

import dev.spotter.catalog.InstanceSpec;
import software.amazon.awssdk.services.ec2.model.GpuDeviceInfo;
import software.amazon.awssdk.services.ec2.model.InferenceDeviceInfo;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.NeuronDeviceInfo;
import software.amazon.awssdk.services.ec2.model.UsageClassType;

import java.util.List;

/**
 * Turns EC2's description of an instance type (DescribeInstanceTypes) into a catalog row, in the catalog CSV's
 * conventions: EC2 architecture names, GPU memory per GPU, ENI-limited max pods (ENIs x (IPv4 per ENI - 1) + 2).
 * Prices and zones come from elsewhere, so they are parameters.
 */
public final class InstanceTypeParser {
    private InstanceTypeParser() {
    }

    public static InstanceSpec toSpec(InstanceTypeInfo info, List<String> zones, double onDemandPrice, double spotSavingsPercent) {
        String name = info.instanceTypeAsString();
        if (name == null || name.isBlank() || info.vCpuInfo() == null || info.memoryInfo() == null) {
            throw new IllegalArgumentException("DescribeInstanceTypes entry lacks a name, vCPU or memory: " + name);
        }
        int dot = name.indexOf('.');
        List<String> archs = info.processorInfo() == null ? List.of() : info.processorInfo().supportedArchitecturesAsStrings();
        String arch = archs.contains("arm64") ? "arm64" : archs.contains("x86_64") ? "x86_64" : archs.isEmpty() ? "" : archs.get(0);
        int gpus = 0;
        String gpuName = "";
        String gpuManufacturer = "";
        long gpuMemory = 0;
        if (info.gpuInfo() != null && info.gpuInfo().hasGpus()) {
            for (GpuDeviceInfo gpu : info.gpuInfo().gpus()) {
                gpus += value(gpu.count());
            }
            GpuDeviceInfo first = info.gpuInfo().gpus().get(0);
            gpuName = text(first.name());
            gpuManufacturer = text(first.manufacturer());
            gpuMemory = first.memoryInfo() == null ? 0 : value(first.memoryInfo().sizeInMiB());
        }
        Accelerator accelerator = accelerator(info);
        int enis = maxEnis(info);
        int ipv4 = info.networkInfo() == null ? 0 : value(info.networkInfo().ipv4AddressesPerInterface());
        long localStorage = info.instanceStorageInfo() == null || info.instanceStorageInfo().totalSizeInGB() == null
                ? 0 : info.instanceStorageInfo().totalSizeInGB();
        return new InstanceSpec(name, dot < 0 ? name : name.substring(0, dot), Boolean.TRUE.equals(info.currentGeneration()), arch,
                value(info.vCpuInfo().defaultVCpus()), info.memoryInfo().sizeInMiB() == null ? 0 : info.memoryInfo().sizeInMiB(),
                gpus, gpuName, gpuManufacturer, gpuMemory, accelerator.name, accelerator.manufacturer, accelerator.count,
                enis, ipv4, enis == 0 ? 0 : enis * (ipv4 - 1) + 2, localStorage, onDemandPrice, spotSavingsPercent, zones,
                info.hypervisorAsString(), Boolean.TRUE.equals(info.bareMetal()),
                Boolean.TRUE.equals(info.burstablePerformanceSupported()),
                info.supportedUsageClasses().contains(UsageClassType.SPOT),
                info.processorInfo() == null ? "" : info.processorInfo().manufacturer());
    }

    /** The ENIs of the default network card, which is what pods can use (Karpenter's ENI limit). */
    private static int maxEnis(InstanceTypeInfo info) {
        if (info.networkInfo() == null) {
            return 0;
        }
        int defaultCard = value(info.networkInfo().defaultNetworkCardIndex());
        if (info.networkInfo().hasNetworkCards()) {
            for (var card : info.networkInfo().networkCards()) {
                if (value(card.networkCardIndex()) == defaultCard && card.maximumNetworkInterfaces() != null) {
                    return card.maximumNetworkInterfaces();
                }
            }
        }
        return value(info.networkInfo().maximumNetworkInterfaces());
    }

    private record Accelerator(String name, String manufacturer, int count) {
    }

    /** Neuron devices (Inferentia2, Trainium) first, then the older inference accelerators (Inferentia). */
    private static Accelerator accelerator(InstanceTypeInfo info) {
        if (info.neuronInfo() != null && info.neuronInfo().hasNeuronDevices() && !info.neuronInfo().neuronDevices().isEmpty()) {
            int count = 0;
            for (NeuronDeviceInfo device : info.neuronInfo().neuronDevices()) {
                count += value(device.count());
            }
            return new Accelerator(text(info.neuronInfo().neuronDevices().get(0).name()), "AWS", count);
        }
        if (info.inferenceAcceleratorInfo() != null && info.inferenceAcceleratorInfo().hasAccelerators()
                && !info.inferenceAcceleratorInfo().accelerators().isEmpty()) {
            int count = 0;
            for (InferenceDeviceInfo device : info.inferenceAcceleratorInfo().accelerators()) {
                count += value(device.count());
            }
            InferenceDeviceInfo first = info.inferenceAcceleratorInfo().accelerators().get(0);
            return new Accelerator(text(first.name()), text(first.manufacturer()), count);
        }
        return new Accelerator("", "", 0);
    }

    private static int value(Integer number) {
        return number == null ? 0 : number;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
