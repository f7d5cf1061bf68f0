package dev.spotter.functions.e2e;

import dev.spotter.catalog.CapacityType;
import dev.spotter.config.SpotterConfig;
import dev.spotter.events.DecisionEvent;
import dev.spotter.functions.provisioner.NodeClassZones;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.LambdaEvents;
import dev.spotter.functions.runtime.TestContext;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.testing.Orchestration;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Disruption end to end: the reconcile tick with the default (Spotter) planner against DynamoDB, moto's EC2 and the
 * mock API server, the clock moved a minute per tick, the test playing the cluster's part (nodes join, pods run).
 */
class DisruptionIT {
    private static final int MAX_TICKS = 15;

    private final Testbed bed = new Testbed();

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void anIdleNode_isProposedValidatedDrainedAndTerminated_andItsClaimRetired() {
        bed.unschedulablePod("shop", "web-1", "500m");
        bed.provisioner().handleRequest(LambdaEvents.sqs("sqs/provisioning-signal.json"), new TestContext("req-0"));
        NodeClaim launched = bed.activeClaims().get(0);
        bed.nodeJoins("ip-10-42-1-17.ec2.internal", launched.instanceId(), launched.zone(), launched.instanceType(), true);
        // the pod went away before it ever ran (its Job was deleted): the new node is idle
        bed.kube.client().pods().inNamespace("shop").withName("web-1").delete();

        List<Map<String, Object>> reports = tickUntil(() -> bed.claim(launched.name()).orElseThrow().phase() == Phase.TERMINATED);

        NodeClaim tombstone = bed.claim(launched.name()).orElseThrow();
        assertThat(tombstone.phase()).isEqualTo(Phase.TERMINATED);
        assertThat(tombstone.disruption()).satisfies(record -> assertThat(record.reason()).isEqualTo("Empty"));
        assertThat(bed.instance(launched.instanceId()).state().nameAsString()).isIn("shutting-down", "terminated");
        assertThat(bed.node("ip-10-42-1-17.ec2.internal")).isNull();
        assertThat(bed.instances()).as("nothing launched in its place").hasSize(1);
        assertThat(disruption(reports, "proposed")).isEqualTo(1);
        assertThat(disruption(reports, "started")).isEqualTo(1);
        assertThat(bed.published).filteredOn(e -> e instanceof DecisionEvent.Disruption)
                .extracting(DecisionEvent::detailType).containsExactly("Disruption Started", "Disruption Finished");
        assertThat(bed.metrics.total("NodesDisruptedEmpty")).isEqualTo(1);
    }

    @Test
    void anUnderutilizedPair_isReplacedByOneNode_andThePodsAreEvictedInOrder() {
        allowWholePoolDisruption();
        NodeClaim a = runningNode("default-pair-a", "ip-10-42-1-21.ec2.internal", "web-1");
        NodeClaim b = runningNode("default-pair-b", "ip-10-42-1-22.ec2.internal", "web-2");
        Map<String, Integer> goneAtTick = new HashMap<>();
        List<String> pods = List.of("web-1", "web-2", "aws-node-" + a.name(), "aws-node-" + b.name());

        List<Map<String, Object>> reports = tickUntil(() -> {
            joinLaunchedNodes();
            return bed.claim(a.name()).orElseThrow().phase() == Phase.TERMINATED
                    && bed.claim(b.name()).orElseThrow().phase() == Phase.TERMINATED;
        }, tick -> pods.forEach(pod -> {
            String namespace = pod.startsWith("aws-node") ? "kube-system" : "shop";
            if (!bed.podExists(namespace, pod) && goneAtTick.putIfAbsent(pod, tick) == null && namespace.equals("shop")) {
                replicaSetRecreatesOnTheReplacement(pod, Set.of(a.name(), b.name()));
            }
        }));

        assertThat(bed.claim(a.name()).orElseThrow().phase()).isEqualTo(Phase.TERMINATED);
        assertThat(bed.claim(b.name()).orElseThrow().phase()).isEqualTo(Phase.TERMINATED);
        assertThat(bed.activeClaims()).as("one node in place of two").singleElement().satisfies(replacement -> {
            assertThat(replacement.phase()).isEqualTo(Phase.INITIALIZED);
            assertThat(replacement.pods()).containsExactlyInAnyOrder("shop/web-1", "shop/web-2");
            assertThat(replacement.disruption()).isNull();
            assertThat(replacement.price()).isLessThan(a.price() + b.price());
        });
        for (NodeClaim candidate : List.of(a, b)) {
            assertThat(bed.instance(candidate.instanceId()).state().nameAsString()).isIn("shutting-down", "terminated");
            assertThat(bed.node(candidate.nodeName())).isNull();
        }
        assertThat(goneAtTick).as("every pod was evicted").containsOnlyKeys(pods);
        int lastWorkload = Math.max(goneAtTick.get("web-1"), goneAtTick.get("web-2"));
        int firstDaemon = Math.min(goneAtTick.get("aws-node-" + a.name()), goneAtTick.get("aws-node-" + b.name()));
        assertThat(lastWorkload).as("workloads leave before the daemons that serve them").isLessThan(firstDaemon);
        assertThat(disruption(reports, "started")).isEqualTo(1);
        assertThat(reports.stream().mapToInt(r -> ((Number) r.getOrDefault("launched", 0)).intValue()).sum())
                .as("the provisioning pass counts the replacement, it launches nothing of its own").isZero();
        assertThat(bed.published).filteredOn(e -> e instanceof DecisionEvent.Disruption).extracting(DecisionEvent::detailType)
                .containsExactly("Disruption Started", "Disruption Finished");
        assertThat(bed.metrics.total("NodesDisruptedUnderutilized")).isEqualTo(2);
        assertThat(bed.metrics.total("DisruptionSavingsPerHour")).isPositive();
    }

    // ---- the cluster's part ----

    /** The NodePool's budget lets both nodes go in one command (the default, 10%, allows one of two). */
    private void allowWholePoolDisruption() {
        String yaml = Orchestration.configYaml(bed.cluster).replaceFirst("spec:\n  template:",
                "spec:\n  disruption:\n    budgets:\n      - nodes: \"100%\"\n  template:");
        bed.ssm.putParameter(r -> r.name(bed.configParameter).type(ParameterType.STRING).overwrite(true)
                .value(Json.MAPPER.createObjectNode().put("clusterName", bed.cluster).put("dryRun", false)
                        .put("rebalance", "replace").put("nodePoolsYaml", yaml).toString()));
    }

    /** A spot m5.large launched for one pod of 1100m and 5Gi, joined, Ready and initialized, the pod running on it. */
    private NodeClaim runningNode(String name, String nodeName, String pod) {
        SpotterConfig config = bed.runtime.settings().config();
        NodeClaim planned = bed.runtime.claims().create(NodeClaim.builder().name(name).cluster(bed.cluster)
                .nodePool("default").nodeClass("default").capacityType(CapacityType.SPOT).instanceTypes(List.of("m5.large"))
                .zones(List.of("us-east-1a")).pods(List.of("shop/" + pod)).price(0.0394).phase(Phase.PLANNED).build(),
                bed.clock.instant());
        NodeClaim launched = bed.runtime.claimLauncher().launch(planned, config, NodeClassZones.of(bed.runtime.cloud()), Set.of())
                .claim();
        assertThat(launched.phase()).isEqualTo(Phase.LAUNCHED);
        bed.nodeJoins(nodeName, launched.instanceId(), launched.zone(), "m5.large", true);
        createPod("shop", pod, "ReplicaSet", pod + "-rs", nodeName, "1100m", "5Gi");
        createPod("kube-system", "aws-node-" + name, "DaemonSet", "aws-node", nodeName, "25m", "64Mi");
        return launched.toBuilder().nodeName(nodeName).build();
    }

    /** The ReplicaSet creates a new pod for the evicted one and the scheduler binds it to the replacement's node. */
    private void replicaSetRecreatesOnTheReplacement(String evicted, Set<String> candidates) {
        String node = bed.activeClaims().stream().filter(c -> !candidates.contains(c.name()) && c.nodeName() != null)
                .map(NodeClaim::nodeName).findFirst().orElseThrow(() -> new AssertionError("no replacement node for " + evicted));
        createPod("shop", evicted + "-2", "ReplicaSet", evicted + "-rs", node, "1100m", "5Gi");
    }

    private void createPod(String namespace, String name, String ownerKind, String owner, String nodeName, String cpu,
                           String memory) {
        bed.kube.client().pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withUid("uid-" + name).addToLabels("app", owner)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind(ownerKind).withName(owner)
                .withUid("owner-" + owner).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withNodeName(nodeName).addNewContainer().withName("app").withImage("public.ecr.aws/nginx/nginx:1.27")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
                .endResources().endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus().build()).create();
    }

    /** The allocatable a node of that type reports (what the kubelet leaves after system reservations). */
    private static String[] allocatable(String instanceType) {
        return "m5.xlarge".equals(instanceType) ? new String[] {"3920m", "14000Mi"} : new String[] {"1930m", "7000Mi"};
    }

    /** Each instance launched since the last tick joins as a Ready node (the kubelet registers it). */
    private void joinLaunchedNodes() {
        for (NodeClaim claim : bed.activeClaims()) {
            if (claim.phase() == Phase.LAUNCHED && claim.instanceId() != null
                    && bed.kube.client().nodes().list().getItems().stream()
                    .noneMatch(n -> n.getSpec().getProviderID().endsWith("/" + claim.instanceId()))) {
                String[] allocatable = allocatable(claim.instanceType());
                bed.nodeJoins("ip-10-42-9-" + (bed.instances().size() + 10) + ".ec2.internal", claim.instanceId(),
                        claim.zone(), claim.instanceType(), true, allocatable[0], allocatable[1]);
            }
        }
    }

    // ---- driving ticks ----

    private List<Map<String, Object>> tickUntil(java.util.function.BooleanSupplier done) {
        return tickUntil(done, tick -> { });
    }

    /** Ticks a minute apart until {@code done}; {@code afterTick} sees the tick's number. Fails after MAX_TICKS. */
    private List<Map<String, Object>> tickUntil(java.util.function.BooleanSupplier done,
                                                java.util.function.IntConsumer afterTick) {
        List<Map<String, Object>> reports = new ArrayList<>();
        for (int tick = 0; tick < MAX_TICKS; tick++) {
            reports.add(bed.tick());
            afterTick.accept(tick);
            if (done.getAsBoolean()) {
                return reports;
            }
            bed.clock.advance(Duration.ofMinutes(1));
        }
        throw new AssertionError("not done after " + MAX_TICKS + " ticks; reports: " + reports + "; claims: "
                + bed.activeClaims());
    }

    @SuppressWarnings("unchecked")
    private static int disruption(List<Map<String, Object>> reports, String key) {
        return reports.stream().map(r -> (Map<String, Object>) r.get("disruption"))
                .mapToInt(d -> ((Number) d.getOrDefault(key, 0)).intValue()).sum();
    }
}
