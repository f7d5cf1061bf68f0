package dev.spotter.sim;

import dev.spotter.bench.AlibabaTrace.TracedPod;
import dev.spotter.cluster.Pod;
import dev.spotter.config.ConfigException;
import dev.spotter.model.Resources;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two workload formats: the shipped YAML example and the Alibaba trace mapping. */
class WorkloadReadersTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolveSibling("examples");

    @Test
    void theShippedYamlExampleHasItsDayCurveJobArrivalsAndBudgets() {
        Workload workload = YamlWorkload.read(EXAMPLES.resolve("inference-day.yaml"));

        assertThat(workload.span()).isEqualTo(Duration.ofHours(24));
        Workload.Owner frontend = new Workload.Owner("Deployment", "web", "frontend");
        assertThat(workload.changes()).filteredOn(c -> c instanceof Workload.Scale s && s.owner().equals(frontend))
                .extracting(c -> ((Workload.Scale) c).replicas()).containsExactly(6, 6, 12, 20, 24, 30, 16, 8);
        Workload.Owner train = new Workload.Owner("Job", "ml", "train");
        assertThat(workload.changes()).filteredOn(c -> c instanceof Workload.Start s && s.owner().equals(train))
                .extracting(Workload.Change::at).containsExactly(Duration.ofHours(2), Duration.ofHours(14));
        assertThat(workload.budgets()).extracting(Workload.Budget::name).containsExactly("frontend", "llm-serve");
        assertThat(workload.templates().get(frontend).topologySpread()).hasSize(1);
    }

    @Test
    void aScheduleNamingAnUnknownWorkloadOrANonIntegerBudgetIsRejected() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      containers: [{name: a, image: b}]
                """;
        assertThatThrownBy(() -> YamlWorkload.parse("w.yaml", deployment + """
                ---
                apiVersion: spotter.dev/v1alpha1
                kind: SimulationSchedule
                spec:
                  jobs:
                    - workload: default/web
                      arrivals: [1h]
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("is a Deployment, not a Job");
        assertThatThrownBy(() -> YamlWorkload.parse("w.yaml", deployment + """
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: web}
                spec:
                  minAvailable: 50%
                  selector: {matchLabels: {app: web}}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("minAvailable");
    }

    @Test
    void aTraceStartsAtItsFifthPercentileCreationAndKeepsDeletionTimes() {
        List<TracedPod> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(new TracedPod(pod("p" + i), 1000 + 100L * i, 5000 + 100L * i));
        }
        rows.add(new TracedPod(pod("early-gone"), 0, 5));
        rows.add(new TracedPod(pod("early-alive"), 10, 9000));
        Workload workload = AlibabaWorkload.of("trace.csv", rows);

        long start = AlibabaWorkload.startSeconds(rows);
        assertThat(start).isEqualTo(10);
        assertThat(workload.templates().keySet()).extracting(Workload.Owner::name).doesNotContain("early-gone")
                .contains("early-alive", "p0");
        Workload.Start p3 = (Workload.Start) workload.changes().stream()
                .filter(c -> ((Workload.Start) c).owner().name().equals("p3")).findFirst().orElseThrow();
        assertThat(p3.at()).isEqualTo(Duration.ofSeconds(1300 - start));
        assertThat(p3.deleteAt()).isEqualTo(Duration.ofSeconds(5300 - start));
    }

    private static Pod pod(String name) {
        return Pod.builder("default", name).requests(Resources.builder().cpuMillis(1000).build()).owner("Job", name)
                .createdAt(Instant.EPOCH).build();
    }
}
