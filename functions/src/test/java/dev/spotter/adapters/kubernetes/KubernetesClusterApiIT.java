package dev.spotter.adapters.kubernetes;

import dev.spotter.cloud.ClusterInfo;
import dev.spotter.cluster.ClusterApiException;
import dev.spotter.cluster.ClusterEvent;
import dev.spotter.cluster.EvictionResult;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.NodeNotFoundException;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodDisruptionBudget;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adapter against fabric8's Kubernetes mock server in CRUD mode, over TLS, through the client factory. */
class KubernetesClusterApiIT {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    /** Kept so that the level set on it stays in force. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    private static final EvictionDispatcher dispatcher = new EvictionDispatcher();
    private static final AtomicInteger tokensHandedOut = new AtomicInteger();
    private static KubernetesMockServer server;
    private static KubernetesClient client;
    private static String caData;

    private KubernetesClusterApi api;

    /** One server and client for the class: the first TLS request is slow on a busy machine, later ones are not. */
    @BeforeAll
    static void startServer() throws IOException {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, true);
        server.init();
        String caPem = Files.readString(Path.of(server.getSelfSignedCertificate().certificatePath()));
        caData = Base64.getEncoder().encodeToString(caPem.getBytes());
        client = KubernetesClients.forEndpoint(server.url("/"), caData,
                () -> "token-" + tokensHandedOut.incrementAndGet());
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.destroy();
    }

    @BeforeEach
    void emptyTheStore() {
        dispatcher.reset();
        api = new KubernetesClusterApi(client,
                new KubernetesEventRecorder(client, Clock.fixed(NOW, ZoneOffset.UTC), "spotter-test"));
    }

    @Test
    void requests_always_carryAFreshBearerTokenFromTheProvider() {
        api.listNodes();
        api.listNodes();

        assertThat(dispatcher.authorizations()).hasSize(2).allMatch(h -> h.matches("Bearer token-\\d+"));
        assertThat(tokensHandedOut.get()).isGreaterThanOrEqualTo(2);
        assertThat(dispatcher.authorizations().get(0)).isNotEqualTo(dispatcher.authorizations().get(1));
    }

    @Test
    void forCluster_eksCluster_authenticatesWithAnIamTokenForThatCluster() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        KubernetesClients clients = new KubernetesClients(null, new EksTokenGenerator(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")), clock), clock);

        try (KubernetesClient eksClient = clients.forCluster(new ClusterInfo("prod", server.url("/"), caData, "1.31", ""))) {
            KubernetesClusterApi.create(eksClient, clock).listNodes();
        }

        String authorization = dispatcher.authorizations().get(0);
        assertThat(authorization).startsWith("Bearer k8s-aws-v1.");
        URI sts = EksTokenGeneratorTest.decode(authorization.substring("Bearer ".length()));
        assertThat(sts.getHost()).isEqualTo("sts.us-east-1.amazonaws.com");
        assertThat(EksTokenGeneratorTest.queryOf(sts).get("X-Amz-SignedHeaders")).contains("x-k8s-aws-id");
    }

    @Test
    void listUnschedulablePods_mixedPods_returnsOnlyThoseTheSchedulerGaveUpOn() {
        createPod(pod("default", "waiting").withNewStatus().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable").endCondition()
                .endStatus().build());
        createPod(pod("default", "just-created").withNewStatus().withPhase("Pending").endStatus().build());
        createPod(pod("default", "gated").withNewStatus().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("SchedulingGated").endCondition()
                .endStatus().build());
        createPod(pod("default", "running").editSpec().withNodeName("node-a").endSpec().withNewStatus().withPhase("Running")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition().endStatus().build());
        createPod(pod("batch", "failed").withNewStatus().withPhase("Failed")
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable").endCondition()
                .endStatus().build());

        List<Pod> pods = api.listUnschedulablePods();

        assertThat(pods).extracting(Pod::key).containsExactly("default/waiting");
        assertThat(pods.get(0).requests().cpuMillis()).isEqualTo(250);
    }

    @Test
    void listPodsOnNode_podsOnSeveralNodes_returnsLiveOnesOnThatNode() {
        createPod(pod("default", "a1").editSpec().withNodeName("node-a").endSpec().withNewStatus().withPhase("Running").endStatus().build());
        createPod(pod("kube-system", "a2").editSpec().withNodeName("node-a").endSpec().withNewStatus().withPhase("Running").endStatus().build());
        createPod(pod("default", "a-done").editSpec().withNodeName("node-a").endSpec().withNewStatus().withPhase("Succeeded").endStatus().build());
        createPod(pod("default", "b1").editSpec().withNodeName("node-b").endSpec().withNewStatus().withPhase("Running").endStatus().build());

        assertThat(api.listPodsOnNode("node-a")).extracting(Pod::key).containsExactlyInAnyOrder("default/a1", "kube-system/a2");
    }

    @Test
    void listNodes_storedNode_convertsLabelsTaintsResourcesAndReadiness() {
        createNode("ip-10-0-1-2.ec2.internal");

        List<Node> nodes = api.listNodes();

        assertThat(nodes).hasSize(1);
        Node node = nodes.get(0);
        assertThat(node.labels()).containsEntry("karpenter.sh/nodepool", "default");
        assertThat(node.taints()).containsExactly(new Taint("dedicated", "gpu", Taint.NO_SCHEDULE));
        assertThat(node.instanceId()).isEqualTo("i-0123456789abcdef0");
        assertThat(node.allocatable().cpuMillis()).isEqualTo(1930);
        assertThat(node.allocatable().memoryBytes()).isEqualTo(7_000L * 1024 * 1024);
        assertThat(node.capacity().get(Resources.PODS)).isEqualTo(29);
        assertThat(node.ready()).isTrue();
        assertThat(node.unschedulable()).isFalse();
        assertThat(node.createdAt()).isNotNull();
    }

    @Test
    void listDaemonSets_storedDaemonSet_returnsItsTemplatePod() {
        client.apps().daemonSets().inNamespace("kube-system").resource(new DaemonSetBuilder()
                .withNewMetadata().withName("aws-node").withNamespace("kube-system").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "aws-node").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "aws-node").endMetadata()
                .withNewSpec().addNewContainer().withName("cni").withImage("cni")
                .withNewResources().addToRequests("cpu", new Quantity("25m")).endResources().endContainer()
                .addNewToleration().withOperator("Exists").endToleration()
                .endSpec().endTemplate().endSpec().build()).create();

        var daemonSets = api.listDaemonSets();

        assertThat(daemonSets).hasSize(1);
        assertThat(daemonSets.get(0).name()).isEqualTo("aws-node");
        Pod template = daemonSets.get(0).template();
        assertThat(template.requests().cpuMillis()).isEqualTo(25);
        assertThat(template.isDaemonSetPod()).isTrue();
        assertThat(template.labels()).containsEntry("app", "aws-node");
        assertThat(template.tolerations()).hasSize(1);
    }

    @Test
    void listPodDisruptionBudgets_storedBudget_convertsSelectorAndAllowance() {
        createBudget("default", "web", 0);

        List<PodDisruptionBudget> budgets = api.listPodDisruptionBudgets();

        assertThat(budgets).containsExactly(new PodDisruptionBudget("default", "web",
                Requirements.of(Requirement.in("app", "web")), 0));
        assertThat(budgets.get(0).blocksEviction()).isTrue();
    }

    @Test
    void taintNode_calledTwice_addsTheTaintOnceAndKeepsOthers() {
        createNode("node-a");
        Taint disrupted = new Taint("karpenter.sh/disrupted", "", Taint.NO_SCHEDULE);

        api.taintNode("node-a", disrupted);
        api.taintNode("node-a", disrupted);

        assertThat(api.listNodes().get(0).taints())
                .containsExactly(new Taint("dedicated", "gpu", Taint.NO_SCHEDULE), disrupted);
    }

    @Test
    void taintNode_nodeChangedConcurrently_retriesAndKeepsTheOtherWritersTaint() {
        createNode("node-a");
        dispatcher.changeNodeBeforeNextPatch("node-a", "[{\"op\":\"add\",\"path\":\"/spec/taints/-\","
                + "\"value\":{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\"}}]");
        Taint disrupted = new Taint("karpenter.sh/disrupted", "", Taint.NO_SCHEDULE);

        api.taintNode("node-a", disrupted);

        assertThat(api.listNodes().get(0).taints()).containsExactly(new Taint("dedicated", "gpu", Taint.NO_SCHEDULE),
                new Taint("node.kubernetes.io/unreachable", "", Taint.NO_EXECUTE), disrupted);
    }

    @Test
    void taintNode_missingNode_throwsNodeNotFound() {
        assertThatThrownBy(() -> api.taintNode("ghost", new Taint("k", "", Taint.NO_SCHEDULE)))
                .isInstanceOf(NodeNotFoundException.class).hasMessageContaining("ghost");
    }

    @Test
    void removeTaint_removesOnlyThatTaint_andAgainOrOnAMissingNodeChangesNothing() {
        createNode("node-a");
        Taint disrupted = new Taint("karpenter.sh/disrupted", "", Taint.NO_SCHEDULE);
        api.taintNode("node-a", disrupted);

        api.removeTaint("node-a", disrupted);
        api.removeTaint("node-a", disrupted);
        api.removeTaint("ghost", disrupted);

        assertThat(api.listNodes().get(0).taints()).containsExactly(new Taint("dedicated", "gpu", Taint.NO_SCHEDULE));
    }

    @Test
    void labelNode_calledTwice_setsTheLabelAndKeepsTheOthers() {
        createNode("node-a");

        api.labelNode("node-a", "karpenter.sh/nodeclaim", "default-abc");
        api.labelNode("node-a", "karpenter.sh/nodeclaim", "default-abc");

        assertThat(api.listNodes().get(0).labels()).containsEntry("karpenter.sh/nodeclaim", "default-abc")
                .hasSizeGreaterThan(1);
    }

    @Test
    void cordonNode_calledTwice_leavesNodeUnschedulable() {
        createNode("node-a");

        api.cordonNode("node-a");
        api.cordonNode("node-a");

        assertThat(api.listNodes().get(0).unschedulable()).isTrue();
    }

    @Test
    void cordonNode_missingNode_throwsNodeNotFound() {
        assertThatThrownBy(() -> api.cordonNode("ghost")).isInstanceOf(NodeNotFoundException.class);
    }

    @Test
    void evictPod_blockedByDisruptionBudget_returnsBlockedAfterOneRequest() {
        createPod(pod("default", "web-1").withNewStatus().withPhase("Running").endStatus().build());
        createBudget("default", "web", 0);

        EvictionResult result = api.evictPod("default", "web-1");

        assertThat(result).isEqualTo(EvictionResult.BLOCKED);
        assertThat(dispatcher.evictionRequests()).isEqualTo(1);
        assertThat(client.pods().inNamespace("default").withName("web-1").get()).isNotNull();
    }

    @Test
    void evictPod_budgetAllowsIt_evictsThePod() {
        createPod(pod("default", "web-1").withNewStatus().withPhase("Running").endStatus().build());
        createBudget("default", "web", 1);

        assertThat(api.evictPod("default", "web-1")).isEqualTo(EvictionResult.EVICTED);
        assertThat(client.pods().inNamespace("default").withName("web-1").get()).isNull();
    }

    @Test
    void evictPod_missingPod_returnsNotFound() {
        assertThat(api.evictPod("default", "gone")).isEqualTo(EvictionResult.NOT_FOUND);
        assertThat(dispatcher.evictionRequests()).isEqualTo(1);
    }

    @Test
    void deleteNode_calledTwice_succeedsBothTimes() {
        createNode("node-a");

        api.deleteNode("node-a");
        api.deleteNode("node-a");

        assertThat(api.listNodes()).isEmpty();
    }

    @Test
    void listNodes_serverFails_throwsClusterApiExceptionAfterOneRequest() {
        dispatcher.failWith(500);

        assertThatThrownBy(() -> api.listNodes())
                .isInstanceOf(ClusterApiException.class)
                .hasMessageContaining("listing nodes failed (HTTP 500)")
                .satisfies(e -> assertThat(((ClusterApiException) e).statusCode()).isEqualTo(500));
        assertThat(dispatcher.requests()).isEqualTo(1);
    }

    @Test
    void recordEvent_onPodAndNode_writesCoreEventsReportedBySpotter() {
        Pod pod = Pod.builder("default", "web-1").uid("uid-1").build();

        api.recordEvent(ClusterEvent.nominated(pod, "default-x7k2p"));
        api.recordEvent(ClusterEvent.nominated(pod, "default-x7k2p"));
        api.recordEvent(ClusterEvent.onNode("node-a", ClusterEvent.Type.WARNING, ClusterEvent.SPOT_INTERRUPTED,
                "Spot interruption warning: instance i-0123 will be reclaimed"));

        List<Event> podEvents = client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getKind().equals("Pod")).toList();
        assertThat(podEvents).hasSize(2);
        Event nominated = podEvents.get(0);
        assertThat(nominated.getReason()).isEqualTo("Nominated");
        assertThat(nominated.getMessage()).isEqualTo("Pod should schedule on: nodeclaim/default-x7k2p");
        assertThat(nominated.getType()).isEqualTo("Normal");
        assertThat(nominated.getInvolvedObject().getName()).isEqualTo("web-1");
        assertThat(nominated.getInvolvedObject().getUid()).isEqualTo("uid-1");
        assertThat(nominated.getReportingComponent()).isEqualTo("spotter");
        assertThat(nominated.getSource().getComponent()).isEqualTo("spotter");
        assertThat(nominated.getReportingInstance()).isEqualTo("spotter-test");
        assertThat(nominated.getFirstTimestamp()).isEqualTo("2025-03-01T12:00:00Z");

        Event interrupted = client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getKind().equals("Node")).findFirst().orElseThrow();
        assertThat(interrupted.getReason()).isEqualTo("SpotInterrupted");
        assertThat(interrupted.getType()).isEqualTo("Warning");
        assertThat(interrupted.getInvolvedObject().getName()).isEqualTo("node-a");
    }

    @Test
    void recordEvent_serverFails_doesNotThrow() {
        dispatcher.failWith(403);

        api.recordEvent(ClusterEvent.onNode("node-a", ClusterEvent.Type.NORMAL, ClusterEvent.DISRUPTION_TERMINATING, "x"));

        assertThat(dispatcher.requests()).isEqualTo(1);
    }

    private static PodBuilder pod(String namespace, String name) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx")
                .withNewResources().addToRequests("cpu", new Quantity("250m")).addToRequests("memory", new Quantity("256Mi"))
                .endResources().endContainer().endSpec();
    }

    private void createPod(io.fabric8.kubernetes.api.model.Pod pod) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    }

    private void createNode(String name) {
        client.nodes().resource(new NodeBuilder()
                .withNewMetadata().withName(name).withCreationTimestamp("2025-03-01T11:00:00Z")
                .addToLabels("karpenter.sh/nodepool", "default").endMetadata()
                .withNewSpec().withProviderID("aws:///us-east-1a/i-0123456789abcdef0")
                .addNewTaint().withKey("dedicated").withValue("gpu").withEffect("NoSchedule").endTaint().endSpec()
                .withNewStatus()
                .withAllocatable(Map.of("cpu", new Quantity("1930m"), "memory", new Quantity("7000Mi"), "pods", new Quantity("29")))
                .withCapacity(Map.of("cpu", new Quantity("2"), "memory", new Quantity("8Gi"), "pods", new Quantity("29")))
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus().build()).create();
    }

    private void createBudget(String namespace, String name, int disruptionsAllowed) {
        client.policy().v1().podDisruptionBudget().inNamespace(namespace).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewMinAvailable(1).endSpec()
                .withNewStatus().withDisruptionsAllowed(disruptionsAllowed).withCurrentHealthy(1).withDesiredHealthy(1)
                .withExpectedPods(1).endStatus().build()).create();
    }
}
