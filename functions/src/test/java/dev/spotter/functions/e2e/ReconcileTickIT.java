package dev.spotter.functions.e2e;

import dev.spotter.catalog.CapacityType;
import dev.spotter.cloud.CloudInstance;
import dev.spotter.cloud.LaunchRequest;
import dev.spotter.cloud.LaunchResult;
import dev.spotter.config.SpotterConfig;
import dev.spotter.functions.runtime.LambdaEvents;
import dev.spotter.functions.runtime.TestContext;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.testing.Orchestration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconcile tick against moto (DynamoDB, EC2, SSM) and the mock API server, with the clock moved by the test. */
class ReconcileTickIT {
    private static final String NODE = "ip-10-42-1-17.ec2.internal";

    private final Testbed bed = new Testbed();

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void tick_whenTheNodeJoinsThenBecomesReady_movesTheClaimToRegisteredThenInitialized() {
        NodeClaim launched = launchForPod("web-1");
        bed.nodeJoins(NODE, launched.instanceId(), launched.zone(), launched.instanceType(), false);

        Map<String, Object> first = bed.tick();
        NodeClaim registered = bed.claim(launched.name()).orElseThrow();
        Map<String, Object> stillNotReady = bed.tick();
        bed.nodeBecomesReady(NODE);
        bed.tick();
        NodeClaim initialized = bed.claim(launched.name()).orElseThrow();

        assertThat(first.get("commands")).isEqualTo(Map.of("MarkRegistered", 1));
        assertThat(registered.phase()).isEqualTo(Phase.REGISTERED);
        assertThat(registered.nodeName()).isEqualTo(NODE);
        assertThat(stillNotReady.get("commands")).isEqualTo(Map.of());
        assertThat(initialized.phase()).isEqualTo(Phase.INITIALIZED);
        assertThat(initialized.condition("Initialized")).isPresent();
        assertThat(bed.metrics.total("FleetHourlyCost")).isPositive();
    }

    @Test
    void tick_whenTheNodeNeverRegisters_terminatesTheInstanceAndTombstonesTheClaimAfter15Minutes() {
        NodeClaim launched = launchForPod("web-1");
        bed.clock.advance(Duration.ofMinutes(14));
        bed.tick();
        assertThat(bed.claim(launched.name()).orElseThrow().phase()).as("still within the registration timeout")
                .isEqualTo(Phase.LAUNCHED);

        bed.clock.advance(Duration.ofMinutes(2));
        Map<String, Object> report = bed.tick();

        assertThat(report.get("commands")).isEqualTo(Map.of("Retire", 1));
        NodeClaim tombstone = bed.claim(launched.name()).orElseThrow();
        assertThat(tombstone.phase()).isEqualTo(Phase.TERMINATED);
        assertThat(tombstone.tombstoneExpiry()).isAfter(bed.clock.instant());
        assertThat(bed.instance(launched.instanceId()).state().nameAsString()).isIn("shutting-down", "terminated");
        NodeClaim replacement = bed.activeClaims().get(0);
        assertThat(replacement.name()).as("the pod is still pending: planned again").isEqualTo(launched.name() + "-r2");
        assertThat(replacement.phase()).isEqualTo(Phase.LAUNCHED);
        assertThat(report.get("launched")).isEqualTo(1);
    }

    @Test
    void tick_whenAnInstanceWasLaunchedButNeverRecorded_collectsItOnce30SecondsOld() {
        SpotterConfig config = bed.runtime.settings().config();
        var pool = config.nodePool("default").orElseThrow();
        NodeClaim lost = NodeClaim.builder().name("default-lost0001").cluster(bed.cluster).nodePool("default")
                .nodeClass("default").capacityType(CapacityType.SPOT).instanceTypes(List.of("c5.large"))
                .zones(List.of("us-east-1a")).pods(List.of("shop/web-9")).build();
        // the function launched, then died before it recorded the claim
        LaunchResult result = bed.runtime.cloud().launch(LaunchRequest.of(lost, pool, config.nodeClassOf(pool),
                Orchestration.clusterInfo(bed.cluster), Orchestration.instanceTypes().forNodeClass(config.nodeClassOf(pool), Set.of())
                        .stream().filter(t -> t.name().equals("c5.large")).toList()));
        CloudInstance orphan = bed.runtime.cloud().describe(result.instanceId()).orElseThrow();
        assertThat(orphan.nodeClaimName()).isEqualTo("default-lost0001");

        bed.clock.set(orphan.launchTime().plusSeconds(20));
        Map<String, Object> young = bed.tick();
        String stateWhenYoung = bed.instance(orphan.instanceId()).state().nameAsString();
        bed.clock.set(orphan.launchTime().plusSeconds(31));
        Map<String, Object> old = bed.tick();

        assertThat(young.get("commands")).isEqualTo(Map.of());
        assertThat(stateWhenYoung).isIn("pending", "running");
        assertThat(old.get("commands")).isEqualTo(Map.of("TerminateOrphan", 1));
        assertThat(bed.instance(orphan.instanceId()).state().nameAsString()).isIn("shutting-down", "terminated");
        assertThat(bed.activeClaims()).isEmpty();
    }

    @Test
    void tick_whenAClaimsInstanceIsGone_retiresTheClaimAndDeletesItsNode() {
        NodeClaim launched = launchForPod("web-1");
        bed.nodeJoins(NODE, launched.instanceId(), launched.zone(), launched.instanceType(), true);
        bed.tick();
        bed.ec2.terminateInstances(r -> r.instanceIds(launched.instanceId()));
        // DescribeInstances no longer lists it; an instance unseen within 2 minutes of its launch may just be invisible
        bed.clock.advance(Duration.ofMinutes(3));

        Map<String, Object> report = bed.tick();

        assertThat(report.get("commands")).isEqualTo(Map.of("Retire", 1));
        assertThat(bed.claim(launched.name()).orElseThrow().phase()).isEqualTo(Phase.TERMINATED);
        assertThat(bed.node(NODE)).isNull();
    }

    @Test
    void tick_whenNoSignalCame_provisionsThePendingPodsAsASafetyNet() {
        bed.unschedulablePod("shop", "web-1", "500m");

        Map<String, Object> report = bed.tick();

        assertThat(report.get("launched")).isEqualTo(1);
        assertThat(bed.activeClaims()).singleElement().satisfies(claim -> {
            assertThat(claim.phase()).isEqualTo(Phase.LAUNCHED);
            assertThat(claim.pods()).containsExactly("shop/web-1");
        });
    }

    @Test
    void tick_whenAPassDiedBetweenStoringAndLaunching_relaunchesThePlannedClaimOnce30SecondsOld() {
        NodeClaim planned = storedPlannedClaim();

        Map<String, Object> young = bed.tick();
        bed.clock.advance(Duration.ofSeconds(31));
        Map<String, Object> old = bed.tick();

        assertThat(young.get("commands")).as("maybe still in the provisioner's hands").isEqualTo(Map.of());
        assertThat(old.get("commands")).isEqualTo(Map.of("Relaunch", 1));
        NodeClaim relaunched = bed.claim(planned.name()).orElseThrow();
        assertThat(relaunched.phase()).isEqualTo(Phase.LAUNCHED);
        assertThat(bed.instances()).singleElement().satisfies(instance ->
                assertThat(instance.instanceId()).isEqualTo(relaunched.instanceId()));
        assertThat(old.get("launched")).as("the pod is covered by the relaunched claim").isEqualTo(0);
    }

    @Test
    void tick_whenAPassDiedBetweenLaunchingAndRecording_adoptsTheInstance() {
        NodeClaim planned = storedPlannedClaim();
        SpotterConfig config = bed.runtime.settings().config();
        var pool = config.nodePool("default").orElseThrow();
        LaunchResult result = bed.runtime.cloud().launch(LaunchRequest.of(planned, pool, config.nodeClassOf(pool),
                Orchestration.clusterInfo(bed.cluster), bed.runtime.instanceTypes().forNodeClass(config.nodeClassOf(pool), Set.of())
                        .stream().filter(t -> planned.instanceTypes().contains(t.name())).toList()));

        Map<String, Object> report = bed.tick();

        assertThat(report.get("commands")).isEqualTo(Map.of("AdoptInstance", 1));
        NodeClaim adopted = bed.claim(planned.name()).orElseThrow();
        assertThat(adopted.phase()).isEqualTo(Phase.LAUNCHED);
        assertThat(adopted.instanceId()).isEqualTo(result.instanceId());
        assertThat(adopted.providerId()).isEqualTo(result.providerId());
        assertThat(bed.instances()).hasSize(1);
    }

    /** What a provisioning pass leaves when it dies right after storing its claim: a Planned claim, no instance. */
    private NodeClaim storedPlannedClaim() {
        bed.unschedulablePod("shop", "web-1", "500m");
        NodeClaim plan = bed.runtime.provisioningPass().run("dry", bed.runtime.settings().config(), true).launched().get(0);
        NodeClaim planned = bed.runtime.claims().create(plan, bed.clock.instant());
        assertThat(planned.phase()).isEqualTo(Phase.PLANNED);
        return planned;
    }

    private NodeClaim launchForPod(String pod) {
        bed.unschedulablePod("shop", pod, "500m");
        bed.provisioner().handleRequest(LambdaEvents.sqs("sqs/provisioning-signal.json"), new TestContext("req-0"));
        List<NodeClaim> claims = bed.activeClaims();
        assertThat(claims).singleElement().satisfies(claim -> assertThat(claim.phase()).isEqualTo(Phase.LAUNCHED));
        return claims.get(0);
    }
}
