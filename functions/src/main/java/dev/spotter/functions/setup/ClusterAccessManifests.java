package dev.spotter.functions.setup;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;

import java.util.List;
import java.util.Map;

/**
 * The three cluster objects Spotter needs, as values: the ClusterRole of the Kubernetes group its controller role is
 * mapped to by its EKS access entry, the binding of that group, and the ValidatingWebhookConfiguration that tells the
 * API server about pod creations. Rules are docs/eks-access.md's table (what {@code dev.spotter.cluster.ClusterApi}
 * calls), plus get/watch on what it reads and events.k8s.io events; no update, no wildcard.
 */
final class ClusterAccessManifests {

    static final String CONTROLLER_NAME = "spotter-controller";
    static final String WEBHOOK_CONFIGURATION_NAME = "spotter-pending-pods";
    static final String WEBHOOK_NAME = "pending-pods.spotter.dev";
    static final Map<String, String> LABELS = Map.of("app.kubernetes.io/managed-by", "spotter");
    /** Below the API server's 10 s default: admission must not slow pod creation when Lambda is cold. */
    static final int WEBHOOK_TIMEOUT_SECONDS = 3;
    static final List<String> EXCLUDED_NAMESPACES = List.of("kube-system");

    private ClusterAccessManifests() {
    }

    static ClusterRole clusterRole() {
        return new ClusterRoleBuilder()
                .withNewMetadata().withName(CONTROLLER_NAME).withLabels(LABELS).endMetadata()
                .withRules(
                        rule("", List.of("pods"), "get", "list", "watch"),
                        rule("", List.of("pods/eviction"), "create"),
                        rule("", List.of("nodes"), "get", "list", "watch", "patch", "delete"),
                        rule("apps", List.of("daemonsets"), "get", "list", "watch"),
                        rule("policy", List.of("poddisruptionbudgets"), "get", "list", "watch"),
                        rule("", List.of("events"), "create"),
                        rule("events.k8s.io", List.of("events"), "create"))
                .build();
    }

    static ClusterRoleBinding clusterRoleBinding(String group) {
        return new ClusterRoleBindingBuilder()
                .withNewMetadata().withName(CONTROLLER_NAME).withLabels(LABELS).endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(CONTROLLER_NAME)
                .endRoleRef()
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(group)
                .endSubject()
                .build();
    }

    /**
     * Pod creations outside kube-system go to the webhook. failurePolicy Ignore: if Spotter is down, pods are still
     * created (the tick finds them pending a minute later). The webhook only signals; it never rejects or mutates.
     */
    static ValidatingWebhookConfiguration webhookConfiguration(String webhookUrl) {
        return new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata().withName(WEBHOOK_CONFIGURATION_NAME).withLabels(LABELS).endMetadata()
                .withWebhooks(new ValidatingWebhookBuilder()
                        .withName(WEBHOOK_NAME)
                        .withNewClientConfig().withUrl(webhookUrl).endClientConfig()
                        .withRules(new RuleWithOperationsBuilder()
                                .withApiGroups("")
                                .withApiVersions("v1")
                                .withOperations("CREATE")
                                .withResources("pods")
                                .withScope("Namespaced")
                                .build())
                        .withFailurePolicy("Ignore")
                        .withSideEffects("NoneOnDryRun")
                        .withMatchPolicy("Equivalent")
                        .withTimeoutSeconds(WEBHOOK_TIMEOUT_SECONDS)
                        .withAdmissionReviewVersions("v1")
                        .withNamespaceSelector(new LabelSelectorBuilder()
                                .withMatchExpressions(new LabelSelectorRequirementBuilder()
                                        .withKey("kubernetes.io/metadata.name")
                                        .withOperator("NotIn")
                                        .withValues(EXCLUDED_NAMESPACES)
                                        .build())
                                .build())
                        .build())
                .build();
    }

    /** All three, in the order they are applied (RBAC first: the controller may be invoked as soon as pods come). */
    static List<HasMetadata> all(String group, String webhookUrl) {
        return List.of(clusterRole(), clusterRoleBinding(group), webhookConfiguration(webhookUrl));
    }

    private static PolicyRule rule(String apiGroup, List<String> resources, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups(apiGroup).withResources(resources).withVerbs(verbs).build();
    }
}
