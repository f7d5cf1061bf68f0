package dev.spotter.manifest;

import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.HostPort;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;
import dev.spotter.cluster.TopologySpreadConstraint;
import dev.spotter.cluster.WeightedTerm;
import dev.spotter.config.ConfigException;
import dev.spotter.config.ConfigWarning;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;
import dev.spotter.model.Toleration;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestReaderTest {
    private static final long MIB = 1L << 20;

    private static Manifests sample() throws Exception {
        return ManifestReader.read(Path.of(ManifestReaderTest.class.getResource("/manifests/cluster.yaml").toURI()));
    }

    /** A pod whose spec is {@code spec} (indented to fit). */
    private static String pod(String spec) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: ns\nspec:\n" + spec.indent(2);
    }

    private static Resources requests(String spec) {
        return ManifestReader.read("pod.yaml", pod(spec)).pods().get(0).requests();
    }

    private static void assertError(String yaml, String object, String field, String problem) {
        assertThatThrownBy(() -> ManifestReader.read("m.yaml", yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("m.yaml: " + object + ": " + field + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void read_whenAppContainers_sumsTheirRequests() {
        Resources requests = requests("""
                containers:
                  - {name: a, resources: {requests: {cpu: 250m, memory: 512Mi}}}
                  - {name: b, resources: {requests: {cpu: "1", memory: 1Gi, nvidia.com/gpu: "1"}}}
                """);
        assertThat(requests.cpuMillis()).isEqualTo(1250);
        assertThat(requests.memoryBytes()).isEqualTo(1536 * MIB);
        assertThat(requests.get(Resources.NVIDIA_GPU)).isEqualTo(1);
    }

    @Test
    void read_whenInitContainerLarger_usesTheLargestInitContainer() {
        // app sum: 300m / 200Mi; init containers run one at a time: max(2000m, 500m) / max(100Mi, 1Gi)
        Resources requests = requests("""
                initContainers:
                  - {name: i1, resources: {requests: {cpu: "2", memory: 100Mi}}}
                  - {name: i2, resources: {requests: {cpu: 500m, memory: 1Gi}}}
                containers:
                  - {name: a, resources: {requests: {cpu: 300m, memory: 200Mi}}}
                """);
        assertThat(requests.cpuMillis()).isEqualTo(2000);
        assertThat(requests.memoryBytes()).isEqualTo(1024 * MIB);
    }

    @Test
    void read_whenSidecar_addsItToTheAppsAndToLaterInitContainers() {
        // sidecar s (restartPolicy Always) 100m/64Mi starts before i2:
        //   app sum = 400m + 100m = 500m, 256Mi + 64Mi = 320Mi
        //   i1 runs alone (before the sidecar): 300m / 100Mi; i2 runs beside it: 450m + 100m = 550m, 64Mi + 64Mi = 128Mi
        //   requests = max(500m, 300m, 550m) = 550m, max(320Mi, 100Mi, 128Mi) = 320Mi
        Resources requests = requests("""
                initContainers:
                  - {name: i1, resources: {requests: {cpu: 300m, memory: 100Mi}}}
                  - {name: s, restartPolicy: Always, resources: {requests: {cpu: 100m, memory: 64Mi}}}
                  - {name: i2, resources: {requests: {cpu: 450m, memory: 64Mi}}}
                containers:
                  - {name: a, resources: {requests: {cpu: 400m, memory: 256Mi}}}
                """);
        assertThat(requests.cpuMillis()).isEqualTo(550);
        assertThat(requests.memoryBytes()).isEqualTo(320 * MIB);
    }

    @Test
    void read_whenOverhead_addsItOnTop() {
        Resources requests = requests("""
                overhead: {cpu: 250m, memory: 120Mi}
                containers:
                  - {name: a, resources: {requests: {cpu: 100m, memory: 100Mi}}}
                """);
        assertThat(requests.cpuMillis()).isEqualTo(350);
        assertThat(requests.memoryBytes()).isEqualTo(220 * MIB);
    }

    @Test
    void read_whenLimitsOnly_requestsDefaultToLimits() {
        Resources requests = requests("""
                containers:
                  - {name: a, resources: {limits: {cpu: 500m, memory: 1Gi}, requests: {cpu: 200m}}}
                """);
        assertThat(requests.cpuMillis()).isEqualTo(200);
        assertThat(requests.memoryBytes()).isEqualTo(1024 * MIB);
    }

    @Test
    void read_whenPodLevelResources_theyReplaceCpuAndMemory() {
        Resources requests = requests("""
                resources: {requests: {cpu: "2", memory: 2Gi}}
                containers:
                  - {name: a, resources: {requests: {cpu: 100m, memory: 100Mi, ephemeral-storage: 1Gi}}}
                """);
        assertThat(requests.cpuMillis()).isEqualTo(2000);
        assertThat(requests.memoryBytes()).isEqualTo(2048 * MIB);
        assertThat(requests.get(Resources.EPHEMERAL_STORAGE)).isEqualTo(1L << 30);
    }

    @Test
    void read_whenSampleDeployment_expandsReplicasWithEffectiveRequests() throws Exception {
        List<Pod> web = sample().pods().stream().filter(p -> p.ownerName().equals("web")).toList();

        assertThat(web).extracting(Pod::name).containsExactly("web-0", "web-1", "web-2");
        Pod pod = web.get(0);
        assertThat(pod.namespace()).isEqualTo("shop");
        assertThat(pod.ownerKind()).isEqualTo("Deployment");
        assertThat(pod.isPending()).isTrue();
        assertThat(pod.labels()).containsEntry("app", "web").containsEntry("tier", "frontend");
        // apps: 250m + 50m (logger's limit) + 100m (sidecar) = 400m; init "migrate" runs alone: 1000m -> 1000m
        // memory: 512Mi + 64Mi + 128Mi = 704Mi vs 256Mi -> 704Mi
        assertThat(pod.requests().cpuMillis()).isEqualTo(1000);
        assertThat(pod.requests().memoryBytes()).isEqualTo(704 * MIB);
        assertThat(pod.priority()).isEqualTo(1000);
        assertThat(pod.priorityClassName()).isEqualTo("high");
        assertThat(pod.hostPorts()).containsExactly(new HostPort(8080, "TCP", ""));
        assertThat(pod.tolerations()).containsExactly(new Toleration("dedicated", "Equal", "web", "NoSchedule"));
        assertThat(pod.nodeSelector()).containsExactly(Map.entry("kubernetes.io/os", "linux"));
    }

    @Test
    void read_whenNodeAffinity_readsOrTermsAndWeightedPreferences() throws Exception {
        Pod pod = sample().pods().stream().filter(p -> p.name().equals("web-0")).findFirst().orElseThrow();

        assertThat(pod.requiredNodeAffinity()).containsExactly(
                Requirements.of(Requirement.in("karpenter.sh/capacity-type", "spot"),
                        Requirement.of("karpenter.k8s.aws/instance-cpu", Operator.GT, List.of("1"))),
                // the beta arch label is normalized, as Karpenter does
                Requirements.of(Requirement.in("kubernetes.io/arch", "arm64")));
        assertThat(pod.preferredNodeAffinity()).containsExactly(
                new WeightedTerm(50, Requirements.of(Requirement.in("topology.kubernetes.io/zone", "us-east-1a"))));
    }

    @Test
    void read_whenPodAffinityAndSpread_readsSelectorsAndKeys() throws Exception {
        Pod pod = sample().pods().stream().filter(p -> p.name().equals("web-0")).findFirst().orElseThrow();

        assertThat(pod.podAntiAffinity()).containsExactly(new PodAffinityTerm(
                Requirements.of(Requirement.in("app", "web"), Requirement.of("tier", Operator.NOT_IN, List.of("batch"))),
                "kubernetes.io/hostname", Set.of()));
        assertThat(pod.podAffinity()).containsExactly(new PodAffinityTerm(
                Requirements.of(Requirement.exists("app")), "topology.kubernetes.io/zone", Set.of("cache")));
        assertThat(pod.topologySpread()).containsExactly(
                // matchLabelKeys [tier] adds the pod's own tier=frontend to the selector
                new TopologySpreadConstraint("topology.kubernetes.io/zone", 1, true,
                        Requirements.of(Requirement.in("app", "web"), Requirement.in("tier", "frontend")), 3),
                new TopologySpreadConstraint("kubernetes.io/hostname", 2, false, Requirements.of(Requirement.in("app", "web")), 0));
    }

    @Test
    void read_whenJob_createsParallelismCappedByCompletionsPods() throws Exception {
        List<Pod> train = sample().pods().stream().filter(p -> p.ownerName().equals("train")).toList();

        assertThat(train).extracting(Pod::name).containsExactly("train-0", "train-1");
        assertThat(train.get(0).ownerKind()).isEqualTo("Job");
        assertThat(train.get(0).requests().get(Resources.NVIDIA_GPU)).isEqualTo(1);
        assertThat(train.get(0).requests().cpuMillis()).isEqualTo(4000);
    }

    @Test
    void read_whenBoundPod_isNotPendingAndKeepsOwnerAndTime() throws Exception {
        Manifests manifests = sample();
        Pod bound = manifests.pods().stream().filter(p -> p.name().equals("bound")).findFirst().orElseThrow();

        assertThat(bound.isPending()).isFalse();
        assertThat(bound.nodeName()).isEqualTo("ip-10-0-1-23.ec2.internal");
        assertThat(bound.ownerKind()).isEqualTo("ReplicaSet");
        assertThat(bound.ownerName()).isEqualTo("api-7d9f");
        assertThat(bound.uid()).isEqualTo("4a5b6c7d-0000-0000-0000-000000000001");
        assertThat(bound.createdAt()).isEqualTo(Instant.parse("2024-05-01T12:05:00Z"));
        assertThat(bound.requests().cpuMillis()).isEqualTo(110);
        assertThat(manifests.pendingPods()).hasSize(5).noneMatch(p -> p.name().equals("bound"));
    }

    @Test
    void read_whenDaemonSet_keepsItsTemplateAsAPod() throws Exception {
        DaemonSet exporter = sample().daemonSets().get(0);

        assertThat(exporter.namespace()).isEqualTo("monitoring");
        assertThat(exporter.name()).isEqualTo("node-exporter");
        assertThat(exporter.template().isDaemonSetPod()).isTrue();
        assertThat(exporter.template().requests().cpuMillis()).isEqualTo(50);
        assertThat(exporter.template().tolerations()).containsExactly(new Toleration("", "Exists", "", ""));
        // hostNetwork: the container port is bound on the host
        assertThat(exporter.template().hostPorts()).containsExactly(new HostPort(9100, "TCP", ""));
    }

    @Test
    void read_whenNode_readsLabelsTaintsResourcesAndReadiness() throws Exception {
        Node node = sample().nodes().get(0);

        assertThat(node.name()).isEqualTo("ip-10-0-1-23.ec2.internal");
        assertThat(node.labels()).containsEntry("node.kubernetes.io/instance-type", "m7i.large");
        assertThat(node.annotations()).containsEntry("node.alpha.kubernetes.io/ttl", "0");
        assertThat(node.taints()).containsExactly(new Taint("dedicated", "web", "NoSchedule"));
        assertThat(node.providerId()).isEqualTo("aws:///us-east-1a/i-0123456789abcdef0");
        assertThat(node.instanceId()).isEqualTo("i-0123456789abcdef0");
        assertThat(node.capacity().cpuMillis()).isEqualTo(2000);
        assertThat(node.allocatable().cpuMillis()).isEqualTo(1930);
        assertThat(node.allocatable().memoryBytes()).isEqualTo(7068884L * 1024);
        assertThat(node.allocatable().get(Resources.PODS)).isEqualTo(29);
        assertThat(node.ready()).isTrue();
        assertThat(node.unschedulable()).isFalse();
        assertThat(node.createdAt()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    }

    @Test
    void read_whenKubectlList_readsItsItems() {
        String yaml = """
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: v1
                    kind: Pod
                    metadata: {name: a}
                    spec: {containers: [{name: c}]}
                  - apiVersion: v1
                    kind: Pod
                    metadata: {name: b}
                    spec: {containers: [{name: c, resources: {requests: {cpu: nope}}}]}
                """;
        assertError(yaml, "Pod/default/b", "spec.containers[0].resources.requests.cpu", "not a Kubernetes quantity: 'nope'");
        Manifests manifests = ManifestReader.read("list.yaml", yaml.replace("nope", "1"));
        assertThat(manifests.pods()).extracting(Pod::name).containsExactly("a", "b");
    }

    @Test
    void read_whenKarpenterConfigMixedIn_readsItAndChecksReferences() throws Exception {
        Path config = Path.of(ManifestReaderTest.class.getResource("/config/nodepools.yaml").toURI()).getParent();
        Manifests manifests = ManifestReader.read(config);

        assertThat(manifests.nodePools()).hasSize(2);
        assertThat(manifests.nodeClasses()).hasSize(2);
        String dangling = """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata: {name: p}
                spec:
                  template:
                    spec:
                      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: nope}
                ---
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata: {name: other}
                spec:
                  role: R
                  amiSelectorTerms: [{alias: al2023@latest}]
                  subnetSelectorTerms: [{id: subnet-1}]
                  securityGroupSelectorTerms: [{id: sg-1}]
                """;
        assertError(dangling, "NodePool/p", "spec.template.spec.nodeClassRef.name", "EC2NodeClass 'nope' is not defined");
    }

    @Test
    void read_whenUnknownKindOrField_warnsAndSkips() {
        String yaml = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n"
                + pod("containers: [{name: c, colour: red}]\nfancyField: 1\n");
        Manifests manifests = ManifestReader.read("m.yaml", yaml);

        assertThat(manifests.pods()).hasSize(1);
        assertThat(manifests.warnings()).extracting(ConfigWarning::toString).containsExactly(
                "m.yaml: document 1: kind Service is not read by Spotter; skipped",
                "m.yaml: Pod/ns/p: spec.fancyField: unknown field, ignored",
                "m.yaml: Pod/ns/p: spec.containers[0].colour: unknown field, ignored");
    }

    @Test
    void read_whenBadAffinityOperator_namesTheExpression() {
        String yaml = pod("""
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                        - matchExpressions:
                            - {key: kubernetes.io/arch, operator: Equals, values: [amd64]}
                containers: [{name: c}]
                """);
        assertError(yaml, "Pod/ns/p",
                "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator",
                "unknown operator 'Equals'");
    }

    @Test
    void read_whenSelectorUsesGt_rejectsIt() {
        String yaml = pod("""
                affinity:
                  podAntiAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      - topologyKey: kubernetes.io/hostname
                        labelSelector:
                          matchExpressions: [{key: version, operator: Gt, values: ["2"]}]
                containers: [{name: c}]
                """);
        assertError(yaml, "Pod/ns/p",
                "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator",
                "operator Gt is not allowed here");
    }

    @Test
    void read_whenSpreadWhenUnsatisfiableWrong_namesIt() {
        String yaml = pod("""
                topologySpreadConstraints:
                  - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: Never, labelSelector: {matchLabels: {a: b}}}
                containers: [{name: c}]
                """);
        assertError(yaml, "Pod/ns/p", "spec.topologySpreadConstraints[0].whenUnsatisfiable", "'Never' is not DoNotSchedule or ScheduleAnyway");
    }

    @Test
    void read_whenNoContainers_saysSo() {
        assertError(pod("nodeName: n\n"), "Pod/ns/p", "spec.containers", "a pod needs at least one container");
    }

    @Test
    void read_whenRequestAboveLimit_namesTheResource() {
        assertError(pod("containers: [{name: c, resources: {requests: {cpu: '2'}, limits: {cpu: '1'}}}]\n"), "Pod/ns/p",
                "spec.containers[0].resources.requests.cpu", "request 2000 is more than the limit 1000");
    }

    @Test
    void read_whenPodHasNoName_namesTheDocument() {
        assertError("apiVersion: v1\nkind: Pod\nspec: {containers: [{name: c}]}\n", "document 1 (Pod)", "metadata.name", "is required");
    }

    @Test
    void read_whenBadTimestamp_namesIt() {
        String yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, creationTimestamp: yesterday}\nspec: {containers: [{name: c}]}\n";
        assertError(yaml, "Pod/default/p", "metadata.creationTimestamp", "'yesterday' is not an RFC 3339 time");
    }

    @Test
    void read_whenWrongApiVersion_namesIt() {
        assertError("apiVersion: apps/v1beta1\nkind: Deployment\nmetadata: {name: d}\nspec: {}\n", "Deployment/default/d",
                "apiVersion", "'apps/v1beta1' is not supported for Deployment");
    }
}
