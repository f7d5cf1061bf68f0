package dev.spotter.adapters.kubernetes;

import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.PodDisruptionBudget;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Taint;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeAndWorkloadConverterTest {

    @Test
    void toNode_notReadyCordonedNode_isReadAsSuch() {
        Node node = NodeConverter.toNode(new NodeBuilder()
                .withNewMetadata().withName("n1").addToAnnotations("karpenter.sh/nodeclaim", "default-abc").endMetadata()
                .withNewSpec().withUnschedulable(true).withProviderID("aws:///eu-west-1b/i-0abc").endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("Unknown").endCondition()
                .withAllocatable(Map.of("cpu", new Quantity("3920m"), "nvidia.com/gpu", new Quantity("1"),
                        "ephemeral-storage", new Quantity("95Gi")))
                .endStatus().build());

        assertThat(node.ready()).isFalse();
        assertThat(node.unschedulable()).isTrue();
        assertThat(node.instanceId()).isEqualTo("i-0abc");
        assertThat(node.annotations()).containsEntry("karpenter.sh/nodeclaim", "default-abc");
        assertThat(node.allocatable().asMap()).containsEntry("cpu", 3920L).containsEntry("nvidia.com/gpu", 1L)
                .containsEntry("ephemeral-storage", 95L << 30);
        assertThat(node.taints()).isEmpty();
        assertThat(node.createdAt()).isNull();
    }

    @Test
    void toNode_badTaintEffect_failsNamingNode() {
        assertThatThrownBy(() -> NodeConverter.toNode(new NodeBuilder().withNewMetadata().withName("n1").endMetadata()
                .withNewSpec().addNewTaint().withKey("k").withEffect("Sometimes").endTaint().endSpec().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("node n1: taint effect must be");
    }

    @Test
    void toNodeOrPartial_unreadableQuantity_keepsTheNodeCordonedWithNoCapacity() {
        // regression: a node that failed to convert was skipped, so its Registered claim read as "node deleted"
        List<String> warnings = new java.util.ArrayList<>();
        Node node = NodeConverter.toNodeOrPartial(new NodeBuilder().withNewMetadata().withName("n1").endMetadata()
                .withNewSpec().withProviderID("aws:///us-east-1a/i-0abc").endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                .withAllocatable(Map.of("cpu", new Quantity("lots"))).endStatus().build(), warnings::add);

        assertThat(node.name()).isEqualTo("n1");
        assertThat(node.instanceId()).isEqualTo("i-0abc");
        assertThat(node.ready()).isTrue();
        assertThat(node.unschedulable()).isTrue();
        assertThat(node.allocatable().asMap()).isEmpty();
        assertThat(warnings).singleElement().asString().contains("n1").contains("cpu");
    }

    @Test
    void toNode_exaQuantities_areRead() {
        Node node = NodeConverter.toNode(new NodeBuilder().withNewMetadata().withName("n1").endMetadata()
                .withNewStatus().withCapacity(Map.of("ephemeral-storage", new Quantity("1Ei"))).endStatus().build());

        assertThat(node.capacity().asMap()).containsEntry("ephemeral-storage", 1L << 60);
    }

    @Test
    void toNode_preservesTaintValues() {
        Node node = NodeConverter.toNode(new NodeBuilder().withNewMetadata().withName("n1").endMetadata()
                .withNewSpec().addNewTaint().withKey("karpenter.sh/disrupted").withEffect("NoSchedule").endTaint()
                .addNewTaint().withKey("dedicated").withValue("ml").withEffect("NoExecute").endTaint().endSpec().build());

        assertThat(node.taints()).containsExactly(new Taint("karpenter.sh/disrupted", "", "NoSchedule"),
                new Taint("dedicated", "ml", "NoExecute"));
    }

    @Test
    void toDaemonSet_template_becomesOwnedPod() {
        DaemonSet daemonSet = WorkloadConverter.toDaemonSet(new DaemonSetBuilder()
                .withNewMetadata().withNamespace("kube-system").withName("kube-proxy").endMetadata()
                .withNewSpec().withNewTemplate().withNewMetadata().addToLabels("k8s-app", "kube-proxy").endMetadata()
                .withNewSpec().addToContainers(PodConverterTest.container("proxy", "100m", "50Mi"))
                .withPriorityClassName("system-node-critical").addToNodeSelector("kubernetes.io/os", "linux")
                .endSpec().endTemplate().endSpec().build());

        assertThat(daemonSet.namespace()).isEqualTo("kube-system");
        assertThat(daemonSet.template().requests().cpuMillis()).isEqualTo(100);
        assertThat(daemonSet.template().ownerKind()).isEqualTo("DaemonSet");
        assertThat(daemonSet.template().ownerName()).isEqualTo("kube-proxy");
        assertThat(daemonSet.template().isCritical()).isTrue();
        assertThat(daemonSet.template().nodeSelector()).containsEntry("kubernetes.io/os", "linux");
        assertThat(daemonSet.template().labels()).containsEntry("k8s-app", "kube-proxy");
    }

    @Test
    void toDaemonSet_withoutTemplate_failsNamingIt() {
        assertThatThrownBy(() -> WorkloadConverter.toDaemonSet(new DaemonSetBuilder()
                .withNewMetadata().withNamespace("ns").withName("ds").endMetadata().build()))
                .hasMessage("DaemonSet ns/ds: no pod template");
    }

    @Test
    void toPodDisruptionBudget_expressions_becomeRequirements() {
        PodDisruptionBudget budget = WorkloadConverter.toPodDisruptionBudget(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withNamespace("shop").withName("cart").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "cart")
                .addNewMatchExpression().withKey("track").withOperator("NotIn").withValues("canary").endMatchExpression()
                .endSelector().endSpec()
                .withNewStatus().withDisruptionsAllowed(2).endStatus().build());

        assertThat(budget).isEqualTo(new PodDisruptionBudget("shop", "cart", Requirements.of(Requirement.in("app", "cart"),
                Requirement.of("track", Operator.NOT_IN, List.of("canary"))), 2));
        assertThat(budget.guards("shop", Map.of("app", "cart"))).isTrue();
        assertThat(budget.guards("shop", Map.of("app", "cart", "track", "canary"))).isFalse();
        assertThat(budget.guards("other", Map.of("app", "cart"))).isFalse();
    }

    @Test
    void toPodDisruptionBudget_noSelectorAndNoStatus_guardsNothingAndAllowsNothing() {
        PodDisruptionBudget budget = WorkloadConverter.toPodDisruptionBudget(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withNamespace("shop").withName("empty").endMetadata()
                .withNewSpec().endSpec().build());

        assertThat(budget.disruptionsAllowed()).isZero();
        assertThat(budget.guards("shop", Map.of("app", "cart"))).isFalse();
    }

    @Test
    void toPodDisruptionBudget_emptySelector_guardsEveryPodInNamespace() {
        PodDisruptionBudget budget = WorkloadConverter.toPodDisruptionBudget(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withNamespace("shop").withName("all").endMetadata()
                .withNewSpec().withNewSelector().endSelector().endSpec()
                .withNewStatus().withDisruptionsAllowed(0).endStatus().build());

        assertThat(budget.guards("shop", Map.of("anything", "x"))).isTrue();
        assertThat(budget.blocksEviction()).isTrue();
    }
}
