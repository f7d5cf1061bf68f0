package dev.spotter.cloud;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceSpec;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
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
import dev.spotter.model.WellKnownLabels;
import dev.spotter.nodeclaim.NodeClaim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small builders for launch requests in tests. */
final class LaunchFixtures {
    static final ClusterInfo CLUSTER = new ClusterInfo("demo", "https://ABC.gr7.us-east-1.eks.amazonaws.com",
            "Y2VydA==", "1.31", "10.100.0.0/16");

    private LaunchFixtures() {
    }

    static InstanceType type(String name, double onDemand, double spot, String... zones) {
        InstanceSpec spec = new InstanceSpec(name, name.substring(0, name.indexOf('.')), true, "amd64", 2, 8192, 0, "", "", 0,
                "", "", 0, 3, 10, 29, 0, onDemand, 50, List.of(zones), "nitro", false, false, true, "intel");
        List<Offering> offerings = new ArrayList<>();
        for (String zone : zones) {
            offerings.add(new Offering(zone, CapacityType.SPOT, spot, true));
            offerings.add(new Offering(zone, CapacityType.ON_DEMAND, onDemand, true));
        }
        Resources capacity = Resources.builder().cpuMillis(2000).memoryBytes(8L << 30).pods(29).build();
        return new InstanceType(spec, Requirements.of(Requirement.in(WellKnownLabels.INSTANCE_TYPE, name)), capacity, capacity, offerings);
    }

    static NodePool pool(String... capacityTypes) {
        Requirements requirements = capacityTypes.length == 0 ? Requirements.NONE
                : Requirements.of(Requirement.of(WellKnownLabels.CAPACITY_TYPE, Operator.IN, List.of(capacityTypes)));
        return new NodePool("default", "default", Map.of(), Map.of(), requirements, List.of(), List.of(), null, null,
                Disruption.DEFAULT, Resources.NONE, 0);
    }

    static NodeClass nodeClass() {
        SelectorTerm discovery = new SelectorTerm("", "", "", "", Map.of("karpenter.sh/discovery", "demo"));
        return new NodeClass("default", "AL2023", List.of(new SelectorTerm("", "", "al2023@latest", "", Map.of())),
                List.of(discovery), List.of(discovery), "KarpenterNodeRole-demo", "", "", List.of(), MetadataOptions.DEFAULT,
                KubeletConfiguration.DEFAULT, Map.of(), null, false, "");
    }

    static NodeClaim claim(CapacityType capacityType, String... zones) {
        return NodeClaim.builder().name("default-abc12").cluster("demo").nodePool("default").nodeClass("default")
                .capacityType(capacityType).zones(List.of(zones)).build();
    }

    static LaunchRequest request(NodePool pool, NodeClaim claim, InstanceType... types) {
        return LaunchRequest.of(claim, pool, nodeClass(), CLUSTER, List.of(types));
    }
}
