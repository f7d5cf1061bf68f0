package dev.spotter.scheduling;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceSpec;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.TopologySpreadConstraint;
import dev.spotter.config.Disruption;
import dev.spotter.config.KubeletConfiguration;
import dev.spotter.config.MetadataOptions;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builders for small scheduling inputs: instance types, NodePools, pods. */
public final class Fixtures {
    public static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
    public static final long GI = 1L << 30;

    private Fixtures() {
    }

    /** A plain type with spot at 30% of on-demand in every zone. */
    public static InstanceType type(String name, int vcpu, long memoryGi, double onDemand) {
        return type(name, vcpu, memoryGi, 0, "", onDemand, onDemand * 0.3, ZONES);
    }

    public static InstanceType gpuType(String name, int vcpu, long memoryGi, int gpus, String gpuName, double onDemand) {
        return type(name, vcpu, memoryGi, gpus, gpuName, onDemand, onDemand * 0.3, ZONES);
    }

    public static InstanceType type(String name, int vcpu, long memoryGi, int gpus, String gpuName, double onDemand, double spot, List<String> zones) {
        String family = name.substring(0, name.indexOf('.'));
        InstanceSpec spec = new InstanceSpec(name, family, true, "amd64", vcpu, memoryGi * 1024, gpus, gpuName, gpus > 0 ? "nvidia" : "",
                gpus > 0 ? 16384L * gpus : 0, "", "", 0, 4, 15, 110, 0, onDemand, 70, zones, "nitro", name.endsWith(".metal"), false, true, "intel");
        List<Requirement> requirements = new ArrayList<>(List.of(
                Requirement.in(WellKnownLabels.INSTANCE_TYPE, name),
                Requirement.in(WellKnownLabels.INSTANCE_FAMILY, family),
                Requirement.in(WellKnownLabels.INSTANCE_CATEGORY, family.substring(0, 1)),
                Requirement.in(WellKnownLabels.INSTANCE_SIZE, spec.size()),
                Requirement.in(WellKnownLabels.INSTANCE_CPU, Integer.toString(vcpu)),
                Requirement.in(WellKnownLabels.ARCH, "amd64"),
                Requirement.in(WellKnownLabels.OS, "linux"),
                Requirement.of(WellKnownLabels.ZONE, dev.spotter.model.Operator.IN, zones),
                Requirement.in(WellKnownLabels.CAPACITY_TYPE, "spot", "on-demand")));
        if (gpus > 0) {
            requirements.add(Requirement.in(WellKnownLabels.INSTANCE_GPU_NAME, gpuName));
            requirements.add(Requirement.in(WellKnownLabels.INSTANCE_GPU_COUNT, Integer.toString(gpus)));
        } else {
            requirements.add(Requirement.doesNotExist(WellKnownLabels.INSTANCE_GPU_NAME));
            requirements.add(Requirement.doesNotExist(WellKnownLabels.INSTANCE_GPU_COUNT));
        }
        Resources.Builder capacity = Resources.builder().cpuMillis(vcpu * 1000L).memoryBytes(memoryGi * GI).pods(110);
        Resources.Builder allocatable = Resources.builder().cpuMillis(vcpu * 1000L - 100).memoryBytes(memoryGi * GI - GI / 4).pods(110);
        if (gpus > 0) {
            capacity.set(Resources.NVIDIA_GPU, gpus);
            allocatable.set(Resources.NVIDIA_GPU, gpus);
        }
        List<Offering> offerings = new ArrayList<>();
        for (String zone : zones) {
            offerings.add(new Offering(zone, CapacityType.SPOT, spot, true));
            offerings.add(new Offering(zone, CapacityType.ON_DEMAND, onDemand, true));
        }
        return new InstanceType(spec, Requirements.of(requirements), capacity.build(), allocatable.build(), offerings);
    }

    /** m5-like family: 2..32 vcpu at 4 GiB/vcpu, $0.048 per vcpu-hour on demand. */
    public static List<InstanceType> generalTypes() {
        return List.of(
                type("m5.large", 2, 8, 0.096),
                type("m5.xlarge", 4, 16, 0.192),
                type("m5.2xlarge", 8, 32, 0.384),
                type("m5.4xlarge", 16, 64, 0.768),
                type("m5.8xlarge", 32, 128, 1.536),
                type("c5.large", 2, 4, 0.085),
                type("c5.xlarge", 4, 8, 0.17),
                type("r5.large", 2, 16, 0.126),
                type("r5.xlarge", 4, 32, 0.252));
    }

    public static NodePool pool(String name, Requirement... requirements) {
        return pool(name, 0, Resources.NONE, List.of(), requirements);
    }

    public static NodePool pool(String name, int weight, Resources limits, List<Taint> taints, Requirement... requirements) {
        return new NodePool(name, "default", Map.of(), Map.of(), Requirements.of(requirements), taints, List.of(), null, null,
                Disruption.DEFAULT, limits, weight);
    }

    public static Requirement spotAndOnDemand() {
        return Requirement.in(WellKnownLabels.CAPACITY_TYPE, "spot", "on-demand");
    }

    public static NodeClass nodeClass() {
        return new NodeClass("default", "AL2023", List.of(), List.of(), List.of(), "KarpenterNodeRole", "", "", List.of(),
                MetadataOptions.DEFAULT, KubeletConfiguration.DEFAULT, Map.of(), null, false, "");
    }

    public static Pod.Builder pod(String name, long cpuMillis, long memoryGi) {
        return Pod.builder("default", name).uid("uid-" + name)
                .requests(Resources.builder().cpuMillis(cpuMillis).memoryBytes(memoryGi * GI).build());
    }

    public static List<Pod> pods(String prefix, int count, long cpuMillis, long memoryGi, Map<String, String> labels) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pods.add(pod(prefix + "-" + i, cpuMillis, memoryGi).labels(labels).build());
        }
        return pods;
    }

    public static TopologySpreadConstraint spread(String key, int maxSkew, boolean doNotSchedule, Map<String, String> selector) {
        return new TopologySpreadConstraint(key, maxSkew, doNotSchedule, Requirements.fromLabels(selector), 0);
    }

    public static SchedulingInput.Builder input(List<Pod> pods, List<InstanceType> types, NodePool... pools) {
        return SchedulingInput.builder()
                .pendingPods(pods)
                .nodePools(List.of(pools))
                .nodeClasses(List.of(nodeClass()))
                .instanceTypes(Map.of("default", types));
    }
}
