package dev.spotter.functions.e2e;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.spotter.functions.runtime.RecordingSpotterMetrics;
import dev.spotter.functions.runtime.TestContext;
import dev.spotter.functions.setup.StackClusterAccess;
import dev.spotter.functions.webhook.PendingPodWebhookHandler;
import dev.spotter.functions.webhook.WebhookSettings;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.testing.HttpsFunctionUrl;
import dev.spotter.testing.KubernetesControlPlane;
import dev.spotter.testing.SqsTestServer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spotter against a real Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler and
 * kwok from scripts/k8s-control-plane.sh) and moto: the stack's custom resource applies the ClusterRole, its binding
 * and the ValidatingWebhookConfiguration; the API server calls the webhook over HTTPS on pod creation; the functions
 * act as a user of the stack's Kubernetes group, with only the rights that ClusterRole grants; kube-scheduler binds
 * the pods to the nodes Spotter launched and kwok runs them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealClusterIT {
    private static final String SECRET = UUID.randomUUID().toString().replace("-", "");

    private final KubernetesClient admin = KubernetesControlPlane.admin();
    private final KubernetesClient spotter = KubernetesControlPlane.impersonating("spotter-functions",
            StackClusterAccess.CONTROLLER_GROUP);
    /** Pod (namespace/name) → the Node of the claim Spotter planned it on. */
    private final Map<String, String> plannedNode = new HashMap<>();
    private Testbed bed;
    private HttpsFunctionUrl functionUrl;
    private String webhookUrl;

    @BeforeAll
    void deployTheStacksClusterAccess() {
        bed = new Testbed(admin, spotter);
        PendingPodWebhookHandler webhook = new PendingPodWebhookHandler(
                new WebhookSettings(SECRET, bed.provisioningQueueUrl, Duration.ZERO),
                bed.runtime.provisioningQueue(), new RecordingSpotterMetrics(), bed.clock);
        functionUrl = new HttpsFunctionUrl(KubernetesControlPlane.webhookSslContext(), webhook);
        webhookUrl = functionUrl.url() + "/" + SECRET;
        StackClusterAccess.create(KubernetesControlPlane::newAdmin, bed.cluster, webhookUrl);
    }

    @AfterAll
    void removeIt() {
        try {
            StackClusterAccess.delete(KubernetesControlPlane::newAdmin, bed.cluster, webhookUrl);
        } finally {
            functionUrl.close();
            bed.close();
            spotter.close();
        }
    }

    @Test
    @Order(3)
    void pendingPods_webhookProvisionerAndScheduler_runOnTheNodesSpotterPlannedForThem() {
        String namespace = KubernetesControlPlane.namespace("shop");

        List<NodeClaim> claims = provisionAndRun(namespace, "web", 3, "700m");

        for (NodeClaim claim : claims) {
            Node node = admin.nodes().withName(NodeAgent.nodeName(bed.instance(claim.instanceId()))).get();
            assertThat(node.getSpec().getProviderID()).isEqualTo(claim.providerId());
            assertThat(node.getMetadata().getLabels())
                    .containsEntry("karpenter.sh/nodepool", "default")
                    .containsEntry("node.kubernetes.io/instance-type", claim.instanceType());
        }
    }

    /**
     * A spot interruption while a PodDisruptionBudget allows no disruption: Spotter taints and cordons the node and
     * launches a replacement, the API server refuses the evictions (429), the pods keep running; once the budget
     * allows it the tick evicts them, the ReplicaSet recreates them and kube-scheduler binds them to the
     * replacement.
     */
    @Test
    @Order(4)
    void spotInterruption_whileAPdbForbidsEvictions_drainsOnlyWhenAllowedAndPodsMoveToTheReplacement() {
        String namespace = KubernetesControlPlane.namespace("batch");
        List<NodeClaim> claims = provisionAndRun(namespace, "api", 2, "1500m");
        admin.policy().v1().podDisruptionBudget().inNamespace(namespace).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("api").endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString(2)).withNewSelector().addToMatchLabels("app", "api")
                .endSelector().endSpec().build()).create();
        KubernetesControlPlane.await(Duration.ofSeconds(30), "the disruption controller computes the PDB's status",
                () -> {
                    var pdb = admin.policy().v1().podDisruptionBudget().inNamespace(namespace).withName("api").get();
                    return pdb.getStatus() != null && Integer.valueOf(2).equals(pdb.getStatus().getCurrentHealthy());
                });
        bed.tick();
        bed.tick();
        NodeClaim interrupted = bed.claim(claims.get(0).name()).orElseThrow();
        assertThat(interrupted.phase()).isEqualTo(Phase.INITIALIZED);
        String interruptedNode = NodeAgent.nodeName(bed.instance(interrupted.instanceId()));
        List<String> podsOnIt = pods(namespace).stream().filter(p -> interruptedNode.equals(p.getSpec().getNodeName()))
                .map(p -> p.getMetadata().getName()).toList();
        assertThat(podsOnIt).isNotEmpty();

        SQSBatchResponse response = bed.interruptions().handleRequest(
                Testbed.sqsEventFor("sqs/spot-interruption.json", interrupted.instanceId()), new TestContext("req-2"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        Node node = admin.nodes().withName(interruptedNode).get();
        assertThat(node.getSpec().getUnschedulable()).isTrue();
        assertThat(node.getSpec().getTaints()).extracting(Taint::getKey, Taint::getEffect)
                .contains(org.assertj.core.groups.Tuple.tuple("karpenter.sh/disrupted", "NoSchedule"));
        assertThat(pods(namespace)).as("the PDB forbids every eviction").extracting(p -> p.getMetadata().getName())
                .containsAll(podsOnIt);
        assertThat(pods(namespace)).allSatisfy(p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNull());
        NodeClaim replacement = bed.activeClaims().stream().filter(c -> c.name().equals(interrupted.name() + "-r2"))
                .findFirst().orElseThrow(() -> new AssertionError("no replacement claim: " + bed.activeClaims()));
        assertThat(replacement.phase()).isEqualTo(Phase.LAUNCHED);
        String replacementNode = new NodeAgent(bed.ec2, admin).register(bed.instance(replacement.instanceId()));

        admin.policy().v1().podDisruptionBudget().inNamespace(namespace).withName("api").delete();
        KubernetesControlPlane.await(Duration.ofSeconds(30), "the PDB is gone",
                () -> admin.policy().v1().podDisruptionBudget().inNamespace(namespace).withName("api").get() == null);

        awaitTicking(Duration.ofSeconds(90), "the evicted pods are recreated and run elsewhere",
                () -> pods(namespace).size() == 2 && pods(namespace).stream().allMatch(p -> "Running".equals(p.getStatus().getPhase())
                        && !interruptedNode.equals(p.getSpec().getNodeName())));
        assertThat(pods(namespace)).extracting(p -> p.getMetadata().getName()).doesNotContainAnyElementsOf(podsOnIt);
        assertThat(pods(namespace)).filteredOn(p -> replacementNode.equals(p.getSpec().getNodeName()))
                .as("pods rebound to the replacement").hasSize(podsOnIt.size());
    }

    /**
     * A Deployment whose pods nothing can hold: the API server calls the webhook for each, kube-scheduler marks them
     * Unschedulable, the webhook's signals go through the queue to the provisioner, the node agent registers a Node
     * per launched instance, kube-scheduler binds the pods and kwok runs them. Fills {@link #plannedNode}.
     */
    private List<NodeClaim> provisionAndRun(String namespace, String name, int replicas, String cpu) {
        int callsBefore = functionUrl.calls().size();
        admin.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("public.ecr.aws/nginx/nginx:1.27")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity("1Gi"))
                .endResources().endContainer().endSpec().endTemplate().endSpec().build()).create();

        KubernetesControlPlane.await(Duration.ofSeconds(60), "kube-scheduler marks the " + replicas + " pods Unschedulable",
                () -> pods(namespace).size() == replicas && pods(namespace).stream().allMatch(RealClusterIT::unschedulable));
        assertThat(functionUrl.calls().subList(callsBefore, functionUrl.calls().size())).as("the API server's calls of the webhook")
                .filteredOn(call -> call.equals("POST /" + SECRET)).hasSize(replicas);
        List<Message> signals = receiveSignals(replicas);
        SQSBatchResponse response = bed.provisioner().handleRequest(
                Testbed.asLambdaEvent(signals, bed.provisioningQueueUrl), new TestContext("req-" + name));

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<NodeClaim> claims = bed.activeClaims().stream()
                .filter(claim -> claim.pods().stream().anyMatch(pod -> pod.startsWith(namespace + "/"))).toList();
        assertThat(claims).isNotEmpty().allSatisfy(claim -> assertThat(claim.phase()).isEqualTo(Phase.LAUNCHED));
        assertThat(claims).flatExtracting(NodeClaim::pods)
                .containsExactlyInAnyOrderElementsOf(pods(namespace).stream().map(p -> namespace + "/" + p.getMetadata().getName()).toList());

        NodeAgent agent = new NodeAgent(bed.ec2, admin);
        for (NodeClaim claim : claims) {
            String node = agent.register(bed.instance(claim.instanceId()));
            claim.pods().forEach(pod -> plannedNode.put(pod, node));
        }
        // The tick registers the claims (lifting karpenter.sh/unregistered), as it would each minute.
        awaitTicking(Duration.ofSeconds(90), "kube-scheduler binds the pods and kwok runs them",
                () -> pods(namespace).stream().allMatch(p -> "Running".equals(p.getStatus().getPhase())));
        for (Pod pod : pods(namespace)) {
            String key = namespace + "/" + pod.getMetadata().getName();
            assertThat(pod.getSpec().getNodeName()).as("the node %s was scheduled on", key).isEqualTo(plannedNode.get(key));
        }
        return claims;
    }

    @Test
    @Order(2)
    void webhookConfiguration_isTheStacksAndSkipsKubeSystem() {
        ValidatingWebhookConfiguration applied = admin.admissionRegistration().v1().validatingWebhookConfigurations()
                .withName("spotter-pending-pods").get();
        assertThat(applied.getWebhooks()).singleElement().satisfies(webhook -> {
            assertThat(webhook.getClientConfig().getUrl()).isEqualTo(webhookUrl);
            assertThat(webhook.getClientConfig().getCaBundle()).isNull();
        });
        int before = functionUrl.calls().size();

        admin.pods().inNamespace("kube-system").resource(new PodBuilder().withNewMetadata().withName("system-probe")
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10")
                .endContainer().endSpec().build()).create();
        String namespace = KubernetesControlPlane.namespace("web");
        admin.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName("probe").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10")
                .endContainer().endSpec().build()).create();

        List<String> calls = functionUrl.calls().subList(before, functionUrl.calls().size());
        admin.pods().inNamespace("kube-system").withName("system-probe").delete();
        admin.pods().inNamespace(namespace).withName("probe").delete();
        receiveSignals(1);

        assertThat(calls).as("webhook calls: one for the pod outside kube-system").containsExactly("POST /" + SECRET);
    }

    @Test
    @Order(1)
    void functionsIdentity_hasTheClusterRolesRightsAndNoMore() {
        String namespace = KubernetesControlPlane.namespace("rbac");

        assertThat(spotter.pods().inAnyNamespace().list().getItems()).isNotNull();
        assertThat(spotter.nodes().list().getItems()).isNotNull();
        assertThat(spotter.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems()).isNotNull();
        assertThat(spotter.apps().daemonSets().inAnyNamespace().list().getItems()).isNotNull();
        assertThat(forbidden(() -> spotter.secrets().inNamespace(namespace).list())).isTrue();
        assertThat(forbidden(() -> spotter.secrets().inAnyNamespace().list())).isTrue();
        assertThat(forbidden(() -> spotter.configMaps().inNamespace(namespace).list())).isTrue();
        assertThat(forbidden(() -> spotter.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata()
                .withName("intruder").endMetadata().withNewSpec().addNewContainer().withName("app")
                .withImage("registry.k8s.io/pause:3.10").endContainer().endSpec().build()).create())).isTrue();
        assertThat(forbidden(() -> spotter.namespaces().withName(namespace).delete())).isTrue();
        assertThat(forbidden(() -> spotter.rbac().clusterRoles().list())).isTrue();
        assertThatThrownBy(() -> spotter.secrets().inNamespace(namespace).list())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("secrets");
    }

    /** Runs the reconcile tick (as EventBridge Scheduler would, each minute) until {@code done} holds. */
    private void awaitTicking(Duration limit, String what, java.util.function.BooleanSupplier done) {
        KubernetesControlPlane.await(limit, what, () -> {
            if (done.getAsBoolean()) {
                return true;
            }
            bed.tick();
            return done.getAsBoolean();
        });
    }

    private static boolean forbidden(Runnable call) {
        try {
            call.run();
            return false;
        } catch (KubernetesClientException e) {
            return e.getCode() == 403;
        }
    }

    private List<Pod> pods(String namespace) {
        return admin.pods().inNamespace(namespace).list().getItems();
    }

    private static boolean unschedulable(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                        && "Unschedulable".equals(c.getReason()));
    }

    private List<Message> receiveSignals(int expected) {
        List<Message> received = new ArrayList<>();
        for (int attempt = 0; attempt < 10 && received.size() < expected; attempt++) {
            received.addAll(SqsTestServer.client().receiveMessage(r -> r.queueUrl(bed.provisioningQueueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
        }
        assertThat(received).as("provisioning signals the webhook enqueued").hasSize(expected);
        return received;
    }
}
