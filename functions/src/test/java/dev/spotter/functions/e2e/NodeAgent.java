package dev.spotter.functions.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What nodeadm and the kubelet do on an instance Spotter launched, played by the test against the real API server:
 * read the instance's user data (the launch template's, as EC2 hands it to the instance), and register a Node with
 * the labels of its {@code --node-labels} flag, the taints of {@code registerWithTaints}, the providerID
 * {@code aws:///zone/instance-id}, the well-known labels the kubelet and the AWS cloud provider set, and capacity /
 * allocatable from the instance type with the kube-reserved, system-reserved and eviction amounts nodeadm applies
 * ({@code maxPods} from the user data). The Node carries kwok's annotation: kwok then keeps it Ready and runs the
 * pods bound to it, as the kubelet would.
 */
final class NodeAgent {
    static final String KWOK_ANNOTATION = "kwok.x-k8s.io/node";
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final long MIB = 1L << 20;
    private static final double VM_MEMORY_OVERHEAD = 0.075;

    private final Ec2Client ec2;
    private final KubernetesClient cluster;

    NodeAgent(Ec2Client ec2, KubernetesClient cluster) {
        this.ec2 = ec2;
        this.cluster = cluster;
    }

    /** Registers the Node of the instance (once); returns the Node's name. */
    String register(Instance instance) {
        String name = nodeName(instance);
        if (cluster.nodes().withName(name).get() != null) {
            return name;
        }
        JsonNode nodeConfig = nodeConfig(instance.instanceId());
        JsonNode kubelet = nodeConfig.path("spec").path("kubelet");
        InstanceTypeInfo type = ec2.describeInstanceTypes(r -> r.instanceTypes(instance.instanceType())).instanceTypes().get(0);
        String zone = instance.placement().availabilityZone();
        Map<String, String> labels = new LinkedHashMap<>(nodeLabels(kubelet.path("flags")));
        labels.put("kubernetes.io/hostname", name);
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", type.processorInfo().supportedArchitecturesAsStrings().contains("arm64") ? "arm64" : "amd64");
        labels.put("node.kubernetes.io/instance-type", instance.instanceTypeAsString());
        labels.put("topology.kubernetes.io/zone", zone);
        labels.put("topology.kubernetes.io/region", zone.substring(0, zone.length() - 1));

        long maxPods = kubelet.path("config").path("maxPods").asLong(110);
        long cpuMillis = type.vCpuInfo().defaultVCpus() * 1000L;
        long memoryBytes = (long) (type.memoryInfo().sizeInMiB() * MIB * (1 - VM_MEMORY_OVERHEAD));
        long allocatableCpu = cpuMillis - kubeReservedCpuMillis(cpuMillis)
                - millis(kubelet.path("config").path("systemReserved").path("cpu").asText("0"));
        long allocatableMemory = memoryBytes - (11 * maxPods + 255) * MIB - 100 * MIB;

        Node node = new NodeBuilder()
                .withNewMetadata().withName(name).withLabels(labels).addToAnnotations(KWOK_ANNOTATION, "fake").endMetadata()
                .withNewSpec().withProviderID("aws:///" + zone + "/" + instance.instanceId())
                .withTaints(taints(kubelet.path("config").path("registerWithTaints"))).endSpec()
                .withNewStatus()
                .withCapacity(Map.of("cpu", new Quantity(cpuMillis + "m"), "memory", new Quantity(Long.toString(memoryBytes)),
                        "pods", new Quantity(Long.toString(maxPods))))
                .withAllocatable(Map.of("cpu", new Quantity(allocatableCpu + "m"),
                        "memory", new Quantity(Long.toString(allocatableMemory)), "pods", new Quantity(Long.toString(maxPods))))
                .endStatus()
                .build();
        cluster.nodes().resource(node).create();
        return name;
    }

    /** The kubelet's node name on EC2: the instance's private DNS name. */
    static String nodeName(Instance instance) {
        String dns = instance.privateDnsName();
        return dns == null || dns.isBlank() ? instance.instanceId() : dns;
    }

    /** The first nodeadm NodeConfig part of the instance's (MIME multi-part) user data. */
    private JsonNode nodeConfig(String instanceId) {
        String encoded = ec2.describeInstanceAttribute(r -> r.instanceId(instanceId).attribute("userData")).userData().value();
        if (encoded == null || encoded.isEmpty()) {
            throw new AssertionError("instance " + instanceId + " has no user data");
        }
        String userData = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        for (String part : userData.split("\r?\n--")) {
            String[] headersAndBody = part.split("\r?\n\r?\n", 2);
            if (headersAndBody.length == 2 && headersAndBody[0].contains("application/node.eks.aws")) {
                try {
                    return YAML.readTree(headersAndBody[1]);
                } catch (IOException e) {
                    throw new AssertionError("the NodeConfig of " + instanceId + " is not YAML: " + headersAndBody[1], e);
                }
            }
        }
        throw new AssertionError("the user data of " + instanceId + " has no nodeadm NodeConfig part:\n" + userData);
    }

    private static Map<String, String> nodeLabels(JsonNode flags) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (JsonNode flag : flags) {
            String text = flag.asText();
            if (text.startsWith("--node-labels=")) {
                for (String pair : text.substring("--node-labels=".length()).split(",")) {
                    String[] kv = pair.split("=", 2);
                    labels.put(kv[0], kv.length == 2 ? kv[1] : "");
                }
            }
        }
        return labels;
    }

    private static List<Taint> taints(JsonNode registerWithTaints) {
        List<Taint> taints = new ArrayList<>();
        for (JsonNode taint : registerWithTaints) {
            taints.add(new TaintBuilder().withKey(taint.path("key").asText())
                    .withValue(taint.hasNonNull("value") ? taint.path("value").asText() : null)
                    .withEffect(taint.path("effect").asText()).build());
        }
        return taints;
    }

    /** The EKS kube-reserved CPU: 6% of the first core, 1% of the second, 0.5% of the next two, 0.25% above. */
    static long kubeReservedCpuMillis(long cpuMillis) {
        double reserved = 0;
        double[][] tiers = {{0, 1000, 0.06}, {1000, 2000, 0.01}, {2000, 4000, 0.005}, {4000, Double.MAX_VALUE, 0.0025}};
        for (double[] tier : tiers) {
            if (cpuMillis > tier[0]) {
                reserved += (Math.min(cpuMillis, tier[1]) - tier[0]) * tier[2];
            }
        }
        return (long) Math.ceil(reserved);
    }

    private static long millis(String quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity)).movePointRight(3).longValue();
    }
}
