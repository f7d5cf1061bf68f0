package dev.spotter.bench;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceSpec;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;
import dev.spotter.cluster.TopologySpreadConstraint;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.scheduling.SchedulingInput;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The shape of Karpenter's scheduling benchmark (kubernetes-sigs/karpenter,
 * pkg/controllers/provisioning/scheduling/scheduling_benchmark_test.go) rebuilt for Spotter's engine.
 *
 * <p>Instance types follow Karpenter's fake cloud provider ({@code fake.InstanceTypes(400)}): type {@code i} has
 * {@code i+1} vCPU, {@code 2(i+1)} GiB and {@code 10(i+1)} pods, 100m CPU and 10Mi memory kube-reserved, offerings
 * spot in two zones and on-demand in three, all at {@code 0.1·vCPU + 0.1·memory-GB} per hour. Pods come in five equal
 * groups (remainder to the first): no constraint, zonal topology spread, hostname topology spread, zonal pod affinity to
 * their own group value, and hostname anti-affinity among all of them; requests are drawn from Karpenter's lists
 * (cpu 100m-1500m, memory 100Mi-4Gi). The random source is seeded, so a pod count always yields the same workload.
 */
public final class SyntheticWorkload {
    public static final int INSTANCE_TYPES = 400;
    static final List<String> ZONES = List.of("test-zone-1", "test-zone-2", "test-zone-3");
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;
    private static final int[] CPU_MILLIS = {100, 250, 500, 1000, 1500};
    private static final int[] MEMORY_MIB = {100, 256, 512, 1024, 2048, 4096};
    private static final String[] LABEL_VALUES = {"a", "b", "c", "d", "e", "f", "g"};
    private static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");

    private final Random random;

    private SyntheticWorkload(long seed) {
        this.random = new Random(seed);
    }

    /** The benchmark input for {@code podCount} pending pods. */
    public static SchedulingInput input(int podCount) {
        return input(podCount, INSTANCE_TYPES, 42);
    }

    public static SchedulingInput input(int podCount, int instanceTypeCount, long seed) {
        return input(podCount, instanceTypeCount, seed, List.of());
    }

    /** As {@link #input(int, int, long)}, every node also running {@code daemonSets}. */
    public static SchedulingInput input(int podCount, int instanceTypeCount, long seed, List<DaemonSet> daemonSets) {
        return SchedulingInput.builder()
                .pendingPods(new SyntheticWorkload(seed).pods(podCount))
                .daemonSets(daemonSets)
                .nodePools(List.of(BenchFixtures.nodePool("default", Requirements.NONE)))
                .nodeClasses(List.of(BenchFixtures.nodeClass()))
                .instanceTypes(Map.of(BenchFixtures.NODE_CLASS, instanceTypes(instanceTypeCount)))
                .build();
    }

    public static List<InstanceType> instanceTypes(int count) {
        List<InstanceType> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            types.add(instanceType(i));
        }
        return types;
    }

    private static InstanceType instanceType(int index) {
        int vcpu = index + 1;
        long memory = 2L * vcpu * GIB;
        String name = "fake-it-" + index;
        double price = 0.1 * vcpu + 0.1 * memory / 1e9;
        InstanceSpec spec = new InstanceSpec(name, "fake-it", true, "amd64", vcpu, memory / MIB, 0, "", "", 0, "", "", 0,
                0, 0, 10 * vcpu, 0, price, 0, ZONES, "nitro", false, false, true, "intel");
        Resources capacity = Resources.builder().cpuMillis(1000L * vcpu).memoryBytes(memory).pods(10L * vcpu).build();
        Resources reserved = Resources.builder().cpuMillis(100).memoryBytes(10 * MIB).build();
        List<Offering> offerings = List.of(
                new Offering(ZONES.get(0), CapacityType.SPOT, price, true),
                new Offering(ZONES.get(1), CapacityType.SPOT, price, true),
                new Offering(ZONES.get(0), CapacityType.ON_DEMAND, price, true),
                new Offering(ZONES.get(1), CapacityType.ON_DEMAND, price, true),
                new Offering(ZONES.get(2), CapacityType.ON_DEMAND, price, true));
        Requirements requirements = Requirements.of(
                Requirement.in(WellKnownLabels.INSTANCE_TYPE, name),
                Requirement.in(WellKnownLabels.ARCH, "amd64"),
                Requirement.in(WellKnownLabels.OS, "darwin", "linux", "windows"),
                Requirement.of(WellKnownLabels.ZONE, Operator.IN, ZONES),
                Requirement.in(WellKnownLabels.CAPACITY_TYPE, CapacityType.SPOT.label(), CapacityType.ON_DEMAND.label()),
                Requirement.in(WellKnownLabels.INSTANCE_CPU, Integer.toString(vcpu)));
        return new InstanceType(spec, requirements, capacity, capacity.minus(reserved), offerings);
    }

    private List<Pod> pods(int count) {
        int group = count / 5;
        List<Pod> pods = new ArrayList<>(count);
        for (int i = 0; i < group + count % 5; i++) {
            pods.add(base("generic", i).labels(Map.of("my-label", labelValue())).build());
        }
        for (int i = 0; i < group; i++) {
            pods.add(spread("spread-zone", i, WellKnownLabels.ZONE));
        }
        for (int i = 0; i < group; i++) {
            pods.add(spread("spread-host", i, WellKnownLabels.HOSTNAME));
        }
        for (int i = 0; i < group; i++) {
            String value = labelValue();
            PodAffinityTerm term = new PodAffinityTerm(Requirements.of(Requirement.in("my-affinity", value)), WellKnownLabels.ZONE, Set.of());
            pods.add(base("affinity-zone", i).labels(Map.of("my-affinity", value)).podAffinity(List.of(term)).build());
        }
        Map<String, String> nginx = Map.of("app", "nginx");
        PodAffinityTerm antiTerm = new PodAffinityTerm(Requirements.fromLabels(nginx), WellKnownLabels.HOSTNAME, Set.of());
        for (int i = 0; i < group; i++) {
            pods.add(base("anti-affinity-host", i).labels(nginx).podAntiAffinity(List.of(antiTerm)).build());
        }
        return pods;
    }

    /** Karpenter draws the spread selector independently of the pod's own label, so a pod may not count itself. */
    private Pod spread(String prefix, int index, String topologyKey) {
        Map<String, String> labels = Map.of("my-label", labelValue());
        Requirements selector = Requirements.of(Requirement.in("my-label", labelValue()));
        TopologySpreadConstraint constraint = new TopologySpreadConstraint(topologyKey, 1, true, selector, 0);
        return base(prefix, index).labels(labels).topologySpread(List.of(constraint)).build();
    }

    private Pod.Builder base(String prefix, int index) {
        String name = prefix + "-" + index;
        Resources requests = Resources.builder()
                .cpuMillis(CPU_MILLIS[random.nextInt(CPU_MILLIS.length)])
                .memoryBytes(MEMORY_MIB[random.nextInt(MEMORY_MIB.length)] * MIB)
                .build();
        return Pod.builder("default", name).uid(name).requests(requests).owner("ReplicaSet", prefix).createdAt(CREATED);
    }

    private String labelValue() {
        return LABEL_VALUES[random.nextInt(LABEL_VALUES.length)];
    }
}
