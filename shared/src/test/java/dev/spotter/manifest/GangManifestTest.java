package dev.spotter.manifest;

import dev.spotter.cluster.Gang;
import dev.spotter.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GangManifestTest {
    private static final String CONTAINER = """
                containers:
                  - name: trainer
                    image: trainer
                    resources: {requests: {nvidia.com/gpu: "8"}, limits: {nvidia.com/gpu: "8"}}
            """;

    private static String job(String name, String jobLabels, String podLabels, int parallelism) {
        return """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: %s
                  namespace: ml
                  labels: {%s}
                spec:
                  parallelism: %d
                  template:
                    metadata:
                      labels: {%s}
                    spec:
                %s---
                """.formatted(name, jobLabels, parallelism, podLabels, CONTAINER.indent(4));
    }

    @Test
    void gangs_whenPodsCarryTheCoschedulingLabel_takeTheSizeFromThePodGroup() {
        Manifests manifests = ManifestReader.read("m.yaml", job("train", "", "scheduling.x-k8s.io/pod-group: llm", 3) + """
                apiVersion: scheduling.x-k8s.io/v1alpha1
                kind: PodGroup
                metadata: {name: llm, namespace: ml}
                spec: {minMember: 2}
                """);

        List<Gang> gangs = manifests.gangs();

        assertThat(gangs).singleElement().satisfies(gang -> {
            assertThat(gang.key()).isEqualTo("ml/llm");
            assertThat(gang.minMember()).isEqualTo(2);
            assertThat(gang.podKeys()).containsExactly("ml/train-0", "ml/train-1", "ml/train-2");
        });
    }

    @Test
    void gangs_whenNoPodGroupIsRead_everyLabelledPodIsNeeded() {
        Manifests manifests = ManifestReader.read("m.yaml", job("train", "", "scheduling.x-k8s.io/pod-group: llm", 2));

        assertThat(manifests.gangs()).singleElement().extracting(Gang::minMember).isEqualTo(2);
    }

    @Test
    void gangs_whenJobIsQueuedByKueue_allItsPodsAreOneGang() {
        Manifests manifests = ManifestReader.read("m.yaml", job("finetune", "kueue.x-k8s.io/queue-name: gpu", "", 4)
                + job("web", "", "", 3));

        assertThat(manifests.gangs()).singleElement().satisfies(gang -> {
            assertThat(gang.key()).isEqualTo("ml/finetune");
            assertThat(gang.minMember()).isEqualTo(4);
            assertThat(gang.podKeys()).hasSize(4);
        });
    }

    @Test
    void read_whenPodGroupMinMemberIsZero_namesTheField() {
        assertThatThrownBy(() -> ManifestReader.read("m.yaml", """
                apiVersion: scheduling.x-k8s.io/v1alpha1
                kind: PodGroup
                metadata: {name: llm, namespace: ml}
                spec: {minMember: 0}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("PodGroup/ml/llm: spec.minMember");
    }
}
