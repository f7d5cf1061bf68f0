package dev.spotter.adapters.kubernetes;

import dev.spotter.cluster.HostPort;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;
import dev.spotter.cluster.TopologySpreadConstraint;
import dev.spotter.cluster.WeightedTerm;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Toleration;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodConverterTest {

    @Test
    void toPod_appContainers_sumsTheirRequests() {
        Pod pod = PodConverter.toPod(pod(new PodSpecBuilder()
                .addToContainers(container("a", "500m", "1Gi"), container("b", "250m", "512Mi")).build()));

        assertThat(pod.requests()).isEqualTo(Resources.builder().cpuMillis(750).memoryBytes(1536L << 20).build());
    }

    @Test
    void toPod_largeInitContainer_requestsTheInitPeak() {
        Pod pod = PodConverter.toPod(pod(new PodSpecBuilder()
                .addToInitContainers(container("migrate", "2", "256Mi"))
                .addToContainers(container("app", "500m", "1Gi")).build()));

        assertThat(pod.requests()).isEqualTo(Resources.builder().cpuMillis(2000).memoryBytes(1L << 30).build());
    }

    @Test
    void toPod_sidecarInitContainer_addsToAppsAndLaterInitSteps() {
        Container sidecar = new ContainerBuilder(container("proxy", "100m", "64Mi")).withRestartPolicy("Always").build();
        Pod pod = PodConverter.toPod(pod(new PodSpecBuilder()
                .addToInitContainers(sidecar, container("setup", "1", "64Mi"))
                .addToContainers(container("app", "200m", "128Mi")).build()));

        // apps: 200m + 100m sidecar = 300m; init peak: setup 1000m + sidecar 100m = 1100m
        assertThat(pod.requests().cpuMillis()).isEqualTo(1100);
        assertThat(pod.requests().memoryBytes()).isEqualTo(192L << 20);
    }

    @Test
    void toPod_overhead_isAddedOnTop() {
        Pod pod = PodConverter.toPod(pod(new PodSpecBuilder()
                .addToContainers(container("app", "200m", "128Mi"))
                .addToOverhead("cpu", new Quantity("250m")).addToOverhead("memory", new Quantity("120Mi")).build()));

        assertThat(pod.requests()).isEqualTo(Resources.builder().cpuMillis(450).memoryBytes(248L << 20).build());
    }

    @Test
    void toPod_limitsOnly_requestsTheLimits() {
        Container gpu = new ContainerBuilder().withName("train")
                .withNewResources().addToLimits("nvidia.com/gpu", new Quantity("1")).addToLimits("cpu", new Quantity("4"))
                .addToRequests("cpu", new Quantity("2")).endResources().build();

        Pod pod = PodConverter.toPod(pod(new PodSpecBuilder().addToContainers(gpu).build()));

        assertThat(pod.requests().get(Resources.NVIDIA_GPU)).isEqualTo(1);
        assertThat(pod.requests().cpuMillis()).isEqualTo(2000);
    }

    @Test
    void toPod_nodeAffinity_keepsRequiredTermsAsOrAndPreferredWithWeights() {
        Pod pod = PodConverter.toPod(pod(new PodSpecBuilder().addToContainers(container("a", "1", "1Gi"))
                .addToNodeSelector("kubernetes.io/os", "linux")
                .withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey("karpenter.sh/capacity-type").withOperator("In").withValues("spot").endMatchExpression()
                .addNewMatchExpression().withKey("karpenter.k8s.aws/instance-cpu").withOperator("Gt").withValues("3").endMatchExpression()
                .endNodeSelectorTerm()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey("node.kubernetes.io/instance-type").withOperator("NotIn").withValues("t3.micro").endMatchExpression()
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(40)
                .withNewPreference().addNewMatchExpression().withKey("topology.kubernetes.io/zone").withOperator("In")
                .withValues("us-east-1a").endMatchExpression().endPreference()
                .endPreferredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().endAffinity().build()));

        assertThat(pod.nodeSelector()).containsExactly(Map.entry("kubernetes.io/os", "linux"));
        assertThat(pod.requiredNodeAffinity()).containsExactly(
                Requirements.of(Requirement.in("karpenter.sh/capacity-type", "spot"),
                        Requirement.of("karpenter.k8s.aws/instance-cpu", Operator.GT, List.of("3"))),
                Requirements.of(Requirement.of("node.kubernetes.io/instance-type", Operator.NOT_IN, List.of("t3.micro"))));
        assertThat(pod.preferredNodeAffinity()).containsExactly(
                new WeightedTerm(40, Requirements.of(Requirement.in("topology.kubernetes.io/zone", "us-east-1a"))));
    }

    @Test
    void toPod_podAntiAffinityAndSpread_areConverted() {
        Pod pod = PodConverter.toPod(pod(new PodSpecBuilder().addToContainers(container("a", "1", "1Gi"))
                .withNewAffinity()
                .withNewPodAntiAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withTopologyKey("kubernetes.io/hostname").withNamespaces("web")
                .withNewLabelSelector().addToMatchLabels("app", "web").endLabelSelector()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity()
                .withNewPodAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withTopologyKey("topology.kubernetes.io/zone")
                .withNewLabelSelector().addNewMatchExpression().withKey("tier").withOperator("Exists").endMatchExpression().endLabelSelector()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAffinity()
                .endAffinity()
                .addNewTopologySpreadConstraint().withTopologyKey("topology.kubernetes.io/zone").withMaxSkew(2)
                .withWhenUnsatisfiable("DoNotSchedule").withMinDomains(3)
                .withNewLabelSelector().addToMatchLabels("app", "web").endLabelSelector().endTopologySpreadConstraint()
                .addNewTopologySpreadConstraint().withTopologyKey("kubernetes.io/hostname").withMaxSkew(1)
                .withWhenUnsatisfiable("ScheduleAnyway")
                .withNewLabelSelector().addToMatchLabels("app", "web").endLabelSelector().endTopologySpreadConstraint()
                .build()));

        Requirements web = Requirements.of(Requirement.in("app", "web"));
        assertThat(pod.podAntiAffinity()).containsExactly(new PodAffinityTerm(web, "kubernetes.io/hostname", Set.of("web")));
        assertThat(pod.podAffinity()).containsExactly(
                new PodAffinityTerm(Requirements.of(Requirement.exists("tier")), "topology.kubernetes.io/zone", Set.of()));
        assertThat(pod.topologySpread()).containsExactly(
                new TopologySpreadConstraint("topology.kubernetes.io/zone", 2, true, web, 3),
                new TopologySpreadConstraint("kubernetes.io/hostname", 1, false, web, 0));
    }

    @Test
    void toPod_schedulingDetails_areCarriedOver() {
        io.fabric8.kubernetes.api.model.Pod source = new PodBuilder(pod(new PodSpecBuilder()
                .addToContainers(new ContainerBuilder(container("a", "1", "1Gi"))
                        .addNewPort().withContainerPort(8080).withHostPort(80).endPort()
                        .addNewPort().withContainerPort(9090).endPort().build())
                .addNewToleration().withKey("nvidia.com/gpu").withOperator("Exists").withEffect("NoSchedule").endToleration()
                .addNewToleration().withKey("dedicated").withValue("ml").endToleration()
                .withPriority(1000).withPriorityClassName("high")
                .withNodeName("ip-10-0-0-1").build()))
                .editMetadata().withUid("uid-7").withCreationTimestamp("2025-03-01T10:00:00Z")
                .addToLabels("app", "web").addToAnnotations("karpenter.sh/do-not-disrupt", "true")
                .addNewOwnerReference().withKind("Node").withName("n").withController(false).endOwnerReference()
                .addNewOwnerReference().withKind("ReplicaSet").withName("web-7d9").withController(true).endOwnerReference()
                .endMetadata().build();

        Pod pod = PodConverter.toPod(source);

        assertThat(pod.key()).isEqualTo("default/web-1");
        assertThat(pod.uid()).isEqualTo("uid-7");
        assertThat(pod.createdAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(pod.labels()).containsEntry("app", "web");
        assertThat(pod.annotations()).containsEntry("karpenter.sh/do-not-disrupt", "true");
        assertThat(pod.hostPorts()).containsExactly(new HostPort(80, "TCP", "0.0.0.0"));
        assertThat(pod.tolerations()).containsExactly(new Toleration("nvidia.com/gpu", "Exists", "", "NoSchedule"),
                new Toleration("dedicated", "Equal", "ml", ""));
        assertThat(pod.priority()).isEqualTo(1000);
        assertThat(pod.priorityClassName()).isEqualTo("high");
        assertThat(pod.ownerKind()).isEqualTo("ReplicaSet");
        assertThat(pod.ownerName()).isEqualTo("web-7d9");
        assertThat(pod.nodeName()).isEqualTo("ip-10-0-0-1");
        assertThat(pod.isPending()).isFalse();
    }

    @Test
    void toPod_matchFieldsOnNodeName_becomesAnUnofferedRequirement() {
        Pod pod = PodConverter.toPod(pod(new PodSpecBuilder().addToContainers(container("a", "1", "1Gi"))
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchField().withKey("metadata.name").withOperator("In").withValues("node-a")
                .endMatchField().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().build()));

        assertThat(pod.requiredNodeAffinity()).containsExactly(Requirements.of(Requirement.in("metadata.name", "node-a")));
    }

    @Test
    void toPod_badQuantity_failsNamingPodAndResource() {
        Container bad = new ContainerBuilder().withName("a")
                .withNewResources().addToRequests("memory", new Quantity("12", "Qi")).endResources().build();

        assertThatThrownBy(() -> PodConverter.toPod(pod(new PodSpecBuilder().addToContainers(bad).build())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pod default/web-1")
                .hasMessageContaining("memory");
    }

    @Test
    void toPod_withoutSpec_failsNamingPod() {
        assertThatThrownBy(() -> PodConverter.toPod(new PodBuilder().withNewMetadata().withNamespace("ns").withName("p")
                .endMetadata().build()))
                .hasMessage("pod ns/p: no spec");
    }

    static io.fabric8.kubernetes.api.model.Pod pod(io.fabric8.kubernetes.api.model.PodSpec spec) {
        return new PodBuilder().withNewMetadata().withNamespace("default").withName("web-1").endMetadata()
                .withSpec(spec).build();
    }

    static Container container(String name, String cpu, String memory) {
        return new ContainerBuilder().withName(name).withImage("img")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
                .endResources().build();
    }
}
