package dev.spotter.adapters.ec2;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceSpec;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.cloud.ClusterInfo;
import dev.spotter.config.Disruption;
import dev.spotter.config.KubeletConfiguration;
import dev.spotter.config.MetadataOptions;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;
import dev.spotter.config.SelectorTerm;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.nodeclaim.NodeClaim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builders of EC2 adapter inputs for tests. */
final class Ec2Fixtures {
    static final ClusterInfo CLUSTER = new ClusterInfo("demo", "https://ABCDEF.gr7.us-east-1.eks.amazonaws.com",
            "LS0tLS1CRUdJTi1DRVJU", "1.31", "10.100.0.0/16");

    private Ec2Fixtures() {
    }

    static InstanceSpec spec(String name, String arch, int gpus, String gpuManufacturer, int accelerators, String acceleratorManufacturer) {
        return new InstanceSpec(name, name.substring(0, name.indexOf('.')), true, arch, 2, 8192, gpus,
                gpus > 0 ? "a10g" : "", gpuManufacturer, 0, accelerators > 0 ? "inferentia2" : "", acceleratorManufacturer,
                accelerators, 3, 10, 29, 0, 0.1, 50, List.of("us-east-1a", "us-east-1b"), "nitro", false, false, true, "intel");
    }

    static InstanceType type(String name, double onDemand, double spot, String... zones) {
        return type(spec(name, name.startsWith("c6g") || name.startsWith("m7g") ? "arm64" : "amd64", 0, "", 0, ""), onDemand, spot, zones);
    }

    static InstanceType type(InstanceSpec spec, double onDemand, double spot, String... zones) {
        List<Offering> offerings = new ArrayList<>();
        for (String zone : zones) {
            offerings.add(new Offering(zone, CapacityType.SPOT, spot, true));
            offerings.add(new Offering(zone, CapacityType.ON_DEMAND, onDemand, true));
        }
        Resources capacity = Resources.builder().cpuMillis(2000).memoryBytes(8L << 30).pods(29).build();
        return new InstanceType(spec, Requirements.of(Requirement.in(WellKnownLabels.INSTANCE_TYPE, spec.name())), capacity, capacity, offerings);
    }

    static NodePool pool(List<Taint> taints, Map<String, String> labels, String... capacityTypes) {
        return new NodePool("general", "default", labels, Map.of(),
                Requirements.of(Requirement.of(WellKnownLabels.CAPACITY_TYPE, Operator.IN, List.of(capacityTypes)),
                        Requirement.in("team", "payments")),
                taints, List.of(new Taint("example.com/booting", "", Taint.NO_SCHEDULE)), null, null, Disruption.DEFAULT,
                Resources.NONE, 0);
    }

    static NodePool pool(String... capacityTypes) {
        return pool(List.of(new Taint("dedicated", "batch", Taint.NO_SCHEDULE)), Map.of("tier", "backend"), capacityTypes);
    }

    static SelectorTerm tags(Map<String, String> tags) {
        return new SelectorTerm("", "", "", "", tags);
    }

    static SelectorTerm alias(String alias) {
        return new SelectorTerm("", "", alias, "", Map.of());
    }

    static NodeClass nodeClass(String name, List<SelectorTerm> amis, List<SelectorTerm> subnets, List<SelectorTerm> groups,
                               String userData, KubeletConfiguration kubelet) {
        return new NodeClass(name, "", amis, subnets, groups, "KarpenterNodeRole-demo", "", userData, List.of(),
                MetadataOptions.DEFAULT, kubelet, Map.of("team", "payments"), null, false, "");
    }

    static NodeClaim claim(String name, CapacityType capacityType, String... zones) {
        return NodeClaim.builder().name(name).cluster("demo").nodePool("general").nodeClass("default")
                .capacityType(capacityType).zones(List.of(zones)).build();
    }
}
