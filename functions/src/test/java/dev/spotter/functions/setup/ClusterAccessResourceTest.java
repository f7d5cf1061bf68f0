package dev.spotter.functions.setup;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EnableKubernetesMockClient(crud = true)
class ClusterAccessResourceTest {

    static final String URL = "https://abcdefghijklmnopqrstuvwxyz123456.lambda-url.us-east-1.on.aws/"
            + "3f1c0e9a-8b7d-4c2e-9f6a-1b0c8d7e6f5a";

    KubernetesMockServer server;
    KubernetesClient client;

    final List<Duration> pauses = new ArrayList<>();
    final List<String> connectedClusters = new ArrayList<>();
    ClusterAccessResource resource;

    @BeforeEach
    void setUp() {
        resource = new ClusterAccessResource(clusterName -> {
            connectedClusters.add(clusterName);
            return server.createClient(); // the handler closes what it gets
        }, pauses::add);
    }

    @Test
    void handleRequest_whenCreate_appliesClusterRoleBindingAndWebhook() {
        Map<String, Object> response = resource.handleRequest(event("Create", null, URL), null);

        assertThat(response).containsEntry("PhysicalResourceId", "spotter-cluster-access/demo");
        assertThat(connectedClusters).containsExactly("demo");

        ClusterRole role = client.rbac().clusterRoles().withName("spotter-controller").get();
        assertThat(role).isNotNull();
        assertThat(role.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "spotter");
        assertThat(verbs(role.getRules(), "", "pods")).containsExactlyInAnyOrder("get", "list", "watch");
        assertThat(verbs(role.getRules(), "", "pods/eviction")).containsExactly("create");
        assertThat(verbs(role.getRules(), "", "nodes"))
                .containsExactlyInAnyOrder("get", "list", "watch", "patch", "delete");
        assertThat(verbs(role.getRules(), "apps", "daemonsets")).containsExactlyInAnyOrder("get", "list", "watch");
        assertThat(verbs(role.getRules(), "policy", "poddisruptionbudgets"))
                .containsExactlyInAnyOrder("get", "list", "watch");
        assertThat(verbs(role.getRules(), "", "events")).containsExactly("create");
        assertThat(role.getRules()).hasSize(7);
        assertThat(role.getRules()).allSatisfy(rule -> assertThat(rule.getVerbs()).doesNotContain("*"));

        ClusterRoleBinding binding = client.rbac().clusterRoleBindings().withName("spotter-controller").get();
        assertThat(binding.getRoleRef().getName()).isEqualTo("spotter-controller");
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("Group");
            assertThat(subject.getName()).isEqualTo("spotter-controller");
        });

        ValidatingWebhook webhook = webhook();
        assertThat(webhook.getName()).isEqualTo("pending-pods.spotter.dev");
        assertThat(webhook.getClientConfig().getUrl()).isEqualTo(URL);
        assertThat(webhook.getClientConfig().getCaBundle()).isNull(); // Function URLs have a public certificate
        assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
        assertThat(webhook.getSideEffects()).isEqualTo("NoneOnDryRun");
        assertThat(webhook.getMatchPolicy()).isEqualTo("Equivalent");
        assertThat(webhook.getTimeoutSeconds()).isBetween(2, 3);
        assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
        assertThat(webhook.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getOperations()).containsExactly("CREATE");
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getApiVersions()).containsExactly("v1");
        });
        assertThat(webhook.getNamespaceSelector().getMatchExpressions()).singleElement().satisfies(expression -> {
            assertThat(expression.getKey()).isEqualTo("kubernetes.io/metadata.name");
            assertThat(expression.getOperator()).isEqualTo("NotIn");
            assertThat(expression.getValues()).containsExactly("kube-system");
        });
    }

    @Test
    void handleRequest_whenUpdateWithNewUrl_pointsTheWebhookAtIt() {
        resource.handleRequest(event("Create", null, URL), null);
        String newUrl = "https://zyxwvutsrqponmlkjihgfedcba654321.lambda-url.us-east-1.on.aws/secret-2";

        Map<String, Object> response = resource.handleRequest(
                event("Update", "spotter-cluster-access/demo", newUrl), null);

        assertThat(response).containsEntry("PhysicalResourceId", "spotter-cluster-access/demo");
        assertThat(webhook().getClientConfig().getUrl()).isEqualTo(newUrl);
        assertThat(client.admissionRegistration().v1().validatingWebhookConfigurations().list().getItems())
                .hasSize(1);
    }

    @Test
    void handleRequest_whenCreateTwice_isIdempotent() {
        resource.handleRequest(event("Create", null, URL), null);
        resource.handleRequest(event("Create", null, URL), null);

        assertThat(client.rbac().clusterRoles().list().getItems()).hasSize(1);
        assertThat(client.rbac().clusterRoleBindings().list().getItems()).hasSize(1);
        assertThat(webhook().getClientConfig().getUrl()).isEqualTo(URL);
    }

    @Test
    void handleRequest_whenDelete_removesAllThreeObjects() {
        resource.handleRequest(event("Create", null, URL), null);

        Map<String, Object> response = resource.handleRequest(
                event("Delete", "spotter-cluster-access/demo", URL), null);

        assertThat(response).containsEntry("PhysicalResourceId", "spotter-cluster-access/demo");
        assertThat(client.rbac().clusterRoles().withName("spotter-controller").get()).isNull();
        assertThat(client.rbac().clusterRoleBindings().withName("spotter-controller").get()).isNull();
        assertThat(client.admissionRegistration().v1().validatingWebhookConfigurations()
                .withName("spotter-pending-pods").get()).isNull();
    }

    @Test
    void handleRequest_whenDeleteAndObjectsAlreadyGone_succeeds() {
        Map<String, Object> response = resource.handleRequest(
                event("Delete", "spotter-cluster-access/demo", URL), null);

        assertThat(response).containsEntry("PhysicalResourceId", "spotter-cluster-access/demo");
    }

    @Test
    void handleRequest_whenDeleteAndClusterGone_succeedsWithoutTouchingIt() {
        ClusterAccessResource withoutCluster = new ClusterAccessResource(name -> {
            throw new ClusterGoneException("EKS cluster " + name + " not found", null);
        }, pauses::add);

        Map<String, Object> response = withoutCluster.handleRequest(
                event("Delete", "spotter-cluster-access/demo", URL), null);

        assertThat(response).containsEntry("PhysicalResourceId", "spotter-cluster-access/demo");
    }

    @Test
    void handleRequest_whenCreateAndClusterGone_fails() {
        ClusterAccessResource withoutCluster = new ClusterAccessResource(name -> {
            throw new ClusterGoneException("EKS cluster " + name + " not found", null);
        }, pauses::add);

        assertThatThrownBy(() -> withoutCluster.handleRequest(event("Create", null, URL), null))
                .hasMessageContaining("EKS cluster demo not found");
    }

    @Test
    void handleRequest_whenAccessEntryNotYetHonoured_retriesUntilItIs() {
        server.expect().post()
                .withPath("/apis/rbac.authorization.k8s.io/v1/clusterroles")
                .andReturn(HttpURLConnection.HTTP_FORBIDDEN, forbidden())
                .times(2);

        resource.handleRequest(event("Create", null, URL), null);

        assertThat(pauses).containsExactly(ClusterAccessApplier.RETRY_PAUSE, ClusterAccessApplier.RETRY_PAUSE);
        assertThat(client.rbac().clusterRoles().withName("spotter-controller").get()).isNotNull();
        assertThat(webhook().getClientConfig().getUrl()).isEqualTo(URL);
    }

    @Test
    void handleRequest_whenAccessNeverGranted_failsNamingTheObjectAfterBoundedRetries() {
        server.expect().post()
                .withPath("/apis/rbac.authorization.k8s.io/v1/clusterroles")
                .andReturn(HttpURLConnection.HTTP_FORBIDDEN, forbidden())
                .always();

        assertThatThrownBy(() -> resource.handleRequest(event("Create", null, URL), null))
                .isInstanceOf(ClusterAccessException.class)
                .hasMessageContaining("apply ClusterRole spotter-controller")
                .hasMessageContaining("HTTP 403");
        assertThat(pauses).hasSize(ClusterAccessApplier.MAX_ATTEMPTS - 1);
    }

    @Test
    void handleRequest_whenDeleteIsForbidden_failsWithHowToRemoveByHand() {
        server.expect().delete()
                .withPath("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/"
                        + "spotter-pending-pods")
                .andReturn(HttpURLConnection.HTTP_FORBIDDEN, forbidden())
                .always();

        assertThatThrownBy(() -> resource.handleRequest(event("Delete", "spotter-cluster-access/demo", URL), null))
                .isInstanceOf(ClusterAccessException.class)
                .hasMessageContaining("delete ValidatingWebhookConfiguration spotter-pending-pods")
                .hasMessageContaining("kubectl delete validatingwebhookconfiguration spotter-pending-pods");
    }

    @Test
    void handleRequest_whenPropertyMissing_failsNamingIt() {
        Map<String, Object> event = event("Create", null, URL);
        properties(event).remove("WebhookUrl");

        assertThatThrownBy(() -> resource.handleRequest(event, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WebhookUrl is missing");
        assertThat(connectedClusters).isEmpty();
    }

    @Test
    void handleRequest_whenWebhookUrlIsNotHttps_fails() {
        assertThatThrownBy(() -> resource.handleRequest(event("Create", null, "http://example.com/x"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be an https URL");
    }

    @Test
    void handleRequest_whenRequestTypeUnknown_fails() {
        assertThatThrownBy(() -> resource.handleRequest(event("Upsert", null, URL), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RequestType must be Create, Update or Delete, got \"Upsert\"");
    }

    @Test
    void handleRequest_whenDeleteOfResourceWithBadProperties_succeedsSoRollbackCanFinish() {
        Map<String, Object> event = event("Delete", "some-failed-create", URL);
        properties(event).remove("ClusterName");

        Map<String, Object> response = resource.handleRequest(event, null);

        assertThat(response).containsEntry("PhysicalResourceId", "some-failed-create");
        assertThat(connectedClusters).isEmpty();
    }

    private ValidatingWebhook webhook() {
        ValidatingWebhookConfiguration configuration = client.admissionRegistration().v1()
                .validatingWebhookConfigurations().withName("spotter-pending-pods").get();
        assertThat(configuration).isNotNull();
        assertThat(configuration.getWebhooks()).hasSize(1);
        return configuration.getWebhooks().get(0);
    }

    private static List<String> verbs(List<PolicyRule> rules, String group, String resource) {
        return rules.stream()
                .filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
                .flatMap(r -> r.getVerbs().stream())
                .toList();
    }

    private static Object forbidden() {
        return new StatusBuilder().withCode(403).withReason("Forbidden")
                .withMessage("User \"arn:aws:sts::123456789012:assumed-role/SetupRole\" cannot patch").build();
    }

    /** The event as the CDK Provider framework passes it to the onEvent handler. */
    private static Map<String, Object> event(String requestType, String physicalId, String webhookUrl) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:provider");
        properties.put("ClusterName", "demo");
        properties.put("WebhookUrl", webhookUrl);
        properties.put("ControllerGroup", "spotter-controller");
        properties.put("CodeSha256", "0f1e2d");
        Map<String, Object> event = new HashMap<>();
        event.put("RequestType", requestType);
        event.put("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:provider");
        event.put("ResponseURL", "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x");
        event.put("StackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/Spotter-demo/"
                + "3f1c0e9a-8b7d-4c2e-9f6a-1b0c8d7e6f5a");
        event.put("RequestId", "d5e3ab2c-2e8a-4b2e-9d4f-6a1b2c3d4e5f");
        event.put("LogicalResourceId", "SpotterClusterAccessResource");
        event.put("ResourceType", "Custom::SpotterClusterAccess");
        event.put("ResourceProperties", properties);
        if (physicalId != null) {
            event.put("PhysicalResourceId", physicalId);
        }
        return event;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> event) {
        return (Map<String, Object>) event.get("ResourceProperties");
    }
}
