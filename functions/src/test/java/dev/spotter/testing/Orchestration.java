package dev.spotter.testing;

import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceTypeResolver;
import dev.spotter.cloud.ClusterInfo;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.config.ConfigLoader;
import dev.spotter.config.SpotterConfig;
import dev.spotter.functions.provisioner.InstanceTypeSource;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inputs shared by the orchestration tests: one NodePool ("default", spot or on-demand, a few small x86 types) on one
 * EC2NodeClass ("default", discovered by the karpenter.sh/discovery tag), a catalog cut down to those types, and
 * builders of pods and nodes as the cluster adapters would return them.
 */
public final class Orchestration {
    public static final List<String> TYPES = List.of("c5.large", "m5.large", "m6i.large", "m5.xlarge");

    private Orchestration() {
    }

    /** The NodePool and EC2NodeClass YAML for {@code cluster}, as a user would write them for Karpenter v1. */
    public static String configYaml(String cluster) {
        return """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: default
                spec:
                  template:
                    spec:
                      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                      requirements:
                        - key: karpenter.sh/capacity-type
                          operator: In
                          values: [spot, on-demand]
                        - key: node.kubernetes.io/instance-type
                          operator: In
                          values: [%s]
                        - key: topology.kubernetes.io/zone
                          operator: In
                          values: [us-east-1a, us-east-1b]
                ---
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata:
                  name: default
                spec:
                  role: KarpenterNodeRole-%s
                  amiSelectorTerms:
                    - alias: al2023@latest
                  subnetSelectorTerms:
                    - tags: {karpenter.sh/discovery: %s}
                  securityGroupSelectorTerms:
                    - tags: {karpenter.sh/discovery: %s}
                """.formatted(String.join(", ", TYPES), cluster, cluster, cluster);
    }

    public static SpotterConfig config(String cluster) {
        return ConfigLoader.parse("nodepools.yaml", configYaml(cluster));
    }

    /** The shipped catalog cut down to {@link #TYPES}, spot priced from its estimates. */
    public static InstanceTypeSource instanceTypes() {
        Catalog full = CatalogCsv.loadDefault();
        Catalog small = new Catalog(full.region(), full.specs().stream().filter(spec -> TYPES.contains(spec.name())).toList());
        return new InstanceTypeSource(small, InstanceTypeResolver.estimated(small));
    }

    public static ClusterInfo clusterInfo(String cluster) {
        return new ClusterInfo(cluster, "https://ABCDEF.gr7.us-east-1.eks.amazonaws.com", "Y2E=", "1.31", "10.100.0.0/16");
    }

    /** A pod the scheduler gave up on, asking for {@code cpuMillis} and 512 MiB. */
    public static Pod pendingPod(String namespace, String name, long cpuMillis) {
        return Pod.builder(namespace, name).uid("uid-" + name).labels(Map.of("app", name))
                .requests(Resources.builder().cpuMillis(cpuMillis).memoryBytes(512L << 20).build())
                .owner("ReplicaSet", name + "-rs").createdAt(Instant.parse("2025-11-03T14:00:00Z")).build();
    }

    public static Pod boundPod(String namespace, String name, long cpuMillis, String nodeName) {
        return pendingPod(namespace, name, cpuMillis).toBuilder().nodeName(nodeName).build();
    }

    public static Pod daemonPod(String name, String nodeName) {
        return Pod.builder("kube-system", name).uid("uid-" + name).nodeName(nodeName)
                .requests(Resources.builder().cpuMillis(50).memoryBytes(64L << 20).build())
                .owner("DaemonSet", "aws-node").build();
    }

    /** A node of an m5.large launched for a claim of the default NodePool. */
    public static Node node(String name, String instanceId, boolean ready, Taint... taints) {
        Resources capacity = Resources.builder().cpuMillis(2000).memoryBytes(8L << 30).pods(29).build();
        Resources allocatable = Resources.builder().cpuMillis(1930).memoryBytes(7L << 30).pods(29).build();
        return new Node(name, Map.of("karpenter.sh/nodepool", "default", "node.kubernetes.io/instance-type", "m5.large",
                "topology.kubernetes.io/zone", "us-east-1a", "karpenter.sh/capacity-type", "spot",
                "kubernetes.io/arch", "amd64", "kubernetes.io/os", "linux", "kubernetes.io/hostname", name),
                Map.of(), List.of(taints), capacity, allocatable, "aws:///us-east-1a/" + instanceId, ready, false,
                Instant.parse("2025-11-03T13:00:00Z"));
    }

    public static Set<String> keys(List<Pod> pods) {
        return Set.copyOf(pods.stream().map(Pod::key).toList());
    }
}
