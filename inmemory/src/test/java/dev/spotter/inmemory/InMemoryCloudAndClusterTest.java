package dev.spotter.inmemory;

import dev.spotter.catalog.CapacityType;
import dev.spotter.cloud.CloudInstance;
import dev.spotter.cloud.InstanceState;
import dev.spotter.cluster.ClusterApiException;
import dev.spotter.cluster.EvictionResult;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryCloudAndClusterTest {
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    private static final class StepClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void describe_withinTheLag_doesNotSeeANewInstance() {
        StepClock clock = new StepClock();
        RecordingCloudProvider ec2 = new RecordingCloudProvider(clock).describeLag(Duration.ofSeconds(30));
        ec2.instance("c1", new CloudInstance("i-1", "m5.large", "us-east-1a", CapacityType.SPOT, InstanceState.RUNNING,
                T0, "ip-1", Map.of("kubernetes.io/cluster/c1", "owned")));

        assertThat(ec2.describe("i-1")).isEmpty();
        assertThat(ec2.listClusterInstances("c1")).isEmpty();
        clock.now = T0.plusSeconds(30);
        assertThat(ec2.describe("i-1")).isPresent();
        assertThat(ec2.listClusterInstances("c1")).hasSize(1);
    }

    @Test
    void terminate_marksTerminatedAtTheClocksTime() {
        StepClock clock = new StepClock();
        RecordingCloudProvider ec2 = new RecordingCloudProvider(clock);
        ec2.instance("c1", new CloudInstance("i-1", "m5.large", "us-east-1a", CapacityType.SPOT, InstanceState.RUNNING,
                T0, "ip-1", Map.of()));
        clock.now = T0.plusSeconds(5);
        ec2.terminate("i-1");

        assertThat(ec2.instance("i-1").orElseThrow().state()).isEqualTo(InstanceState.TERMINATED);
        assertThat(ec2.terminatedAt("i-1")).contains(T0.plusSeconds(5));
        assertThat(ec2.listClusterInstances("c1")).isEmpty();
    }

    @Test
    void evictPod_whenBudgetWouldBeBroken_isBlocked() {
        RecordingClusterApi cluster = new RecordingClusterApi()
                .node(node("n1")).pod(pod("web-1", "n1")).pod(pod("web-2", "n1"))
                .podDisruptionBudget("default", "web", Requirements.fromLabels(Map.of("app", "web")), 1);

        assertThat(cluster.listPodDisruptionBudgets().get(0).disruptionsAllowed()).isEqualTo(1);
        assertThat(cluster.evictPod("default", "web-1")).isEqualTo(EvictionResult.EVICTED);
        assertThat(cluster.evictPod("default", "web-2")).isEqualTo(EvictionResult.BLOCKED);
        assertThat(cluster.healthy("default", "web")).isEqualTo(1);
        assertThat(cluster.evicted()).containsExactly("default/web-1");
    }

    @Test
    void faults_areApiExceptionsWithTheirStatus() {
        RecordingClusterApi cluster = new RecordingClusterApi().node(node("n1"));
        cluster.faults(new FaultHook() {
            @Override
            public FaultKind before(PortCall call) {
                return call.method().equals("cordonNode") ? FaultKind.THROTTLE : FaultKind.CONFLICT;
            }
        });

        assertThatThrownBy(() -> cluster.cordonNode("n1")).isInstanceOfSatisfying(ClusterApiException.class,
                e -> assertThat(e.statusCode()).isEqualTo(429));
        assertThatThrownBy(() -> cluster.deleteNode("n1")).isInstanceOfSatisfying(ClusterApiException.class,
                e -> assertThat(e.statusCode()).isEqualTo(409));
        assertThat(cluster.currentNode("n1").orElseThrow().unschedulable()).isFalse();
    }

    private static Node node(String name) {
        Resources capacity = Resources.builder().cpuMillis(2000).memoryBytes(8L << 30).pods(29).build();
        return new Node(name, Map.of(), Map.of(), List.of(), capacity, capacity, "aws:///us-east-1a/i-1", true, false, T0);
    }

    private static Pod pod(String name, String nodeName) {
        return Pod.builder("default", name).uid(name).labels(Map.of("app", "web")).nodeName(nodeName)
                .requests(Resources.builder().cpuMillis(100).build()).build();
    }
}
