package dev.spotter.functions.disruption;

import dev.spotter.catalog.CapacityType;
import dev.spotter.cloud.LaunchWithFallback;
import dev.spotter.cluster.ClusterEvent;
import dev.spotter.config.SpotterConfig;
import dev.spotter.disruption.BlockedCandidate;
import dev.spotter.disruption.DisruptionCommand;
import dev.spotter.disruption.DisruptionInput;
import dev.spotter.disruption.Reason;
import dev.spotter.disruption.StateNode;
import dev.spotter.disruption.Validation;
import dev.spotter.events.DecisionEvent;
import dev.spotter.functions.provisioner.ClaimLauncher;
import dev.spotter.functions.provisioner.InstanceTypeSource;
import dev.spotter.functions.provisioner.NodeClassZones;
import dev.spotter.functions.runtime.RecordingSpotterMetrics;
import dev.spotter.functions.tick.NodeClaimRetirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;
import dev.spotter.nodeclaim.DisruptionRecord;
import dev.spotter.nodeclaim.DisruptionRecord.Stage;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.nodeclaim.VersionConflictException;
import dev.spotter.scheduling.PlannedNodeClaim;
import dev.spotter.testing.MutableClock;
import dev.spotter.testing.Orchestration;
import dev.spotter.inmemory.InMemoryNodeClaimStore;
import dev.spotter.inmemory.InMemoryUnavailableOfferings;
import dev.spotter.inmemory.RecordingCloudProvider;
import dev.spotter.inmemory.RecordingClusterApi;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The disruption executor over the in-memory store and recording cluster and cloud, with a scripted planner. */
class DisruptionExecutorTest {
    private static final String CLUSTER = "demo";
    private static final Instant NOW = Instant.parse("2025-11-03T14:05:00Z");
    private static final SpotterConfig CONFIG = Orchestration.config(CLUSTER);
    private static final InstanceTypeSource TYPES = Orchestration.instanceTypes();
    private static final String NODE_A = "ip-10-0-1-17.ec2.internal";
    private static final String NODE_B = "ip-10-0-1-18.ec2.internal";

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryNodeClaimStore claims = new InMemoryNodeClaimStore();
    private final InMemoryUnavailableOfferings unavailable = new InMemoryUnavailableOfferings();
    private final RecordingClusterApi cluster = new RecordingClusterApi();
    private final RecordingCloudProvider cloud = new RecordingCloudProvider(clock);
    private final RecordingSpotterMetrics metrics = new RecordingSpotterMetrics();
    private final List<DecisionEvent> published = new ArrayList<>();
    private final ScriptedPlanner planner = new ScriptedPlanner();
    private final NodeClaimRetirement retirement = new NodeClaimRetirement(cluster, cloud, claims, clock, Duration.ofHours(1));
    private final DisruptionExecutor executor = new DisruptionExecutor(CLUSTER, claims, cluster, retirement,
            new ClaimLauncher(new LaunchWithFallback(cloud, unavailable, clock), cloud, claims, TYPES,
                    () -> Orchestration.clusterInfo(CLUSTER), clock),
            new DisruptionSnapshot(cluster, TYPES), planner, published::add, metrics, clock);

    // ---- the whole life of a command ----

    @Test
    void run_proposesACommand_storingItsReplacementAsProposedAndMarkingItsCandidates_withoutTouchingTheCluster() {
        twoUnderutilizedNodes();
        planner.commands(this::replacePairWithOne);

        DisruptionExecutor.Report report = tick();

        assertThat(report.proposed()).isEqualTo(1);
        NodeClaim replacement = replacement();
        assertThat(replacement.phase()).isEqualTo(Phase.PROPOSED);
        assertThat(replacement.disruption().role()).isEqualTo(DisruptionRecord.Role.REPLACEMENT);
        assertThat(replacement.disruption().stage()).isEqualTo(Stage.PROPOSED);
        assertThat(claim("default-a").disruption()).satisfies(record -> {
            assertThat(record.role()).isEqualTo(DisruptionRecord.Role.CANDIDATE);
            assertThat(record.candidates()).containsExactly("default-a", "default-b");
            assertThat(record.replacements()).containsExactly(replacement.name());
            assertThat(record.reason()).isEqualTo("Underutilized");
            assertThat(record.decidedAt()).isEqualTo(NOW);
        });
        assertThat(cluster.writes()).isEmpty();
        assertThat(cloud.calls("launch")).isEmpty();
        assertThat(published).isEmpty();
    }

    @Test
    void run_lessThan15SecondsAfterTheDecision_leavesTheCommandAsProposed() {
        twoUnderutilizedNodes();
        planner.commands(this::replacePairWithOne);
        tick();
        planner.commands(input -> List.of());
        clock.advance(Duration.ofSeconds(10));

        tick();

        assertThat(planner.validated).isEmpty();
        assertThat(replacement().phase()).isEqualTo(Phase.PROPOSED);
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void run_aValidCommandOnTheNextTick_taintsTheCandidatesLaunchesTheReplacementAndPublishesStarted() {
        twoUnderutilizedNodes();
        planner.commands(this::replacePairWithOne);
        tick();
        planner.commands(input -> List.of());
        clock.advance(Duration.ofSeconds(60));

        DisruptionExecutor.Report report = tick();

        assertThat(report.started()).isEqualTo(1);
        assertThat(planner.validated).singleElement().satisfies(command -> {
            assertThat(command.candidates()).extracting(c -> c.claim().name()).containsExactly("default-a", "default-b");
            assertThat(command.replacements()).singleElement().satisfies(r -> assertThat(r.instanceTypes()).containsExactly("c5.large"));
            assertThat(command.decidedAt()).isEqualTo(NOW);
        });
        assertThat(cluster.currentNode(NODE_A).orElseThrow().taints()).contains(Taint.DISRUPTED);
        assertThat(cluster.currentNode(NODE_B).orElseThrow().taints()).contains(Taint.DISRUPTED);
        assertThat(cluster.currentNode(NODE_A).orElseThrow().unschedulable()).as("not drained before the replacement is up").isFalse();
        assertThat(cloud.calls("launch")).containsExactly("launch " + replacement().name());
        assertThat(replacement().phase()).isEqualTo(Phase.LAUNCHED);
        assertThat(claim("default-a").disruption().stage()).isEqualTo(Stage.LAUNCHING);
        assertThat(cluster.events()).anySatisfy(event -> {
            assertThat(event.reason()).isEqualTo(ClusterEvent.DISRUPTION_LAUNCHING);
            assertThat(event.name()).isEqualTo(NODE_A);
            assertThat(event.message()).contains("Underutilized");
        });
        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.detailType()).isEqualTo("Disruption Started");
            assertThat(event.detail()).containsEntry("candidates", List.of("default-a", "default-b"));
        });
        assertThat(published).filteredOn(e -> e instanceof DecisionEvent.NodeClaimLaunched).isEmpty();
        assertThat(metrics.total("DisruptionDecisionsUnderutilized")).isEqualTo(1);
        assertThat(metrics.total("NodesDisruptedUnderutilized")).isEqualTo(2);
        assertThat(metrics.total("DisruptionSavingsPerHour")).isEqualTo(0.1);
    }

    @Test
    void run_onceTheReplacementIsInitialized_handsTheCandidatesToTheDrainAndPublishesFinished() {
        aStartedCommand();
        initialize(replacement());
        clock.advance(Duration.ofSeconds(60));

        DisruptionExecutor.Report report = tick();

        assertThat(report.drained()).isEqualTo(1);
        assertThat(claim("default-a").phase()).isEqualTo(Phase.DRAINING);
        assertThat(claim("default-b").phase()).isEqualTo(Phase.DRAINING);
        assertThat(claim("default-a").disruption().stage()).isEqualTo(Stage.DRAINING);
        assertThat(replacement().disruption()).as("an ordinary claim now").isNull();
        assertThat(cluster.currentNode(NODE_A).orElseThrow().unschedulable()).isTrue();
        assertThat(cluster.events()).anySatisfy(event -> {
            assertThat(event.kind()).isEqualTo(ClusterEvent.InvolvedKind.POD);
            assertThat(event.name()).isEqualTo("web-1");
            assertThat(event.message()).contains(NODE_A).contains("Underutilized");
        });
        assertThat(published).last().satisfies(event -> assertThat(event.detailType()).isEqualTo("Disruption Finished"));

        published.clear();
        clock.advance(Duration.ofSeconds(60));
        tick();
        assertThat(published).as("handed over once").isEmpty();
    }

    @Test
    void run_aDeleteCommand_isHandedToTheDrainOnTheTickThatValidatesIt() {
        twoUnderutilizedNodes();
        planner.commands(input -> List.of(command(input, Reason.EMPTY, List.of("default-a"), List.of())));
        tick();
        planner.commands(input -> List.of());
        clock.advance(Duration.ofSeconds(60));

        tick();

        assertThat(claim("default-a").phase()).isEqualTo(Phase.DRAINING);
        assertThat(claim("default-b").phase()).isEqualTo(Phase.INITIALIZED);
        assertThat(cloud.calls("launch")).isEmpty();
        assertThat(published).extracting(DecisionEvent::detailType).containsExactly("Disruption Started", "Disruption Finished");
    }

    // ---- scenarios: what must not happen ----

    @Test
    void scenario_aReplacementThatNeverInitializes_isRemovedAndTheCandidatesUntaintedAfter10Minutes() {
        aStartedCommand();
        String instance = replacement().instanceId();
        clock.advance(Duration.ofMinutes(9));
        tick();
        assertThat(claim("default-a").disruption().stage()).as("still within the timeout").isEqualTo(Stage.LAUNCHING);

        clock.advance(Duration.ofMinutes(2));
        DisruptionExecutor.Report report = tick();

        assertThat(report.rolledBack()).isEqualTo(1);
        assertThat(cloud.calls("terminate")).containsExactly("terminate " + instance);
        assertThat(claims.all()).filteredOn(c -> c.name().startsWith("default-rep")).singleElement()
                .satisfies(c -> assertThat(c.phase()).isEqualTo(Phase.TERMINATED));
        for (String node : List.of(NODE_A, NODE_B)) {
            assertThat(cluster.currentNode(node).orElseThrow().taints()).doesNotContain(Taint.DISRUPTED);
        }
        assertThat(claim("default-a").disruption()).isNull();
        assertThat(claim("default-a").phase()).isEqualTo(Phase.INITIALIZED);
        assertThat(cluster.events()).anySatisfy(event -> {
            assertThat(event.reason()).isEqualTo(ClusterEvent.DISRUPTION_ROLLED_BACK);
            assertThat(event.message()).contains("not initialized within 10m");
        });
        assertThat(published).last().satisfies(event -> {
            assertThat(event.detailType()).isEqualTo("Disruption Rolled Back");
            assertThat(event.detail()).containsEntry("outcome", "replacements not initialized within 10m");
        });
        assertThat(metrics.total("DisruptionRollbacks")).isEqualTo(1);
    }

    @Test
    void scenario_aCommandInvalidatedDuringValidation_isNotExecuted() {
        twoUnderutilizedNodes();
        planner.commands(this::replacePairWithOne);
        tick();
        planner.commands(input -> List.of());
        // a pod arrived on a candidate meanwhile: the planner's validation refuses the command on the fresh snapshot
        cluster.pod(Orchestration.boundPod("shop", "web-new", 900, NODE_A));
        planner.validation((command, fresh) -> fresh.nodes().stream().anyMatch(n -> n.pods().size() > 1)
                ? Validation.invalid("a pod arrived on " + NODE_A) : Validation.VALID);
        clock.advance(Duration.ofSeconds(60));

        DisruptionExecutor.Report report = tick();

        assertThat(report.invalidated()).isEqualTo(1);
        assertThat(report.started()).isZero();
        assertThat(cluster.writes()).as("no taint, no event").isEmpty();
        assertThat(cloud.calls("launch")).isEmpty();
        assertThat(claims.all()).extracting(NodeClaim::name).containsExactlyInAnyOrder("default-a", "default-b");
        assertThat(claims.all()).allSatisfy(c -> assertThat(c.disruption()).isNull());
        assertThat(published).isEmpty();
        assertThat(metrics.total("DisruptionInvalidated")).isEqualTo(1);
    }

    @Test
    void scenario_aReplacementThatFailsToLaunch_rollsTheCommandBack() {
        twoUnderutilizedNodes();
        planner.commands(this::replacePairWithOne);
        tick();
        planner.commands(input -> List.of());
        cloud.outOfAllCapacity();
        clock.advance(Duration.ofSeconds(60));

        DisruptionExecutor.Report report = tick();

        assertThat(report.rolledBack()).isEqualTo(1);
        assertThat(claims.all()).extracting(NodeClaim::name).containsExactlyInAnyOrder("default-a", "default-b");
        assertThat(cluster.currentNode(NODE_A).orElseThrow().taints()).doesNotContain(Taint.DISRUPTED);
        assertThat(published).extracting(DecisionEvent::detailType).containsExactly("Disruption Started", "Disruption Rolled Back");
    }

    // ---- crashes: the next pass finishes or undoes ----

    @Test
    void crash_duringTheProposal_theNextPassDropsWhatWasRecorded() {
        twoUnderutilizedNodes();
        planner.commands(this::replacePairWithOne);
        claims.failNext("update", new VersionConflictException("default-a", "changed meanwhile"));
        DisruptionExecutor.Report first = tick();
        assertThat(first.failures()).isEqualTo(1);
        assertThat(replacement().phase()).isEqualTo(Phase.PROPOSED);
        planner.commands(input -> List.of());
        clock.advance(Duration.ofSeconds(60));

        tick();

        assertThat(claims.all()).extracting(NodeClaim::name).containsExactlyInAnyOrder("default-a", "default-b");
        assertThat(claims.all()).allSatisfy(c -> assertThat(c.disruption()).isNull());
        assertThat(cloud.calls("launch")).isEmpty();
    }

    @Test
    void crash_afterTheCommandWasMarkedLaunching_theNextPassTaintsAndLaunches() {
        twoUnderutilizedNodes();
        planner.commands(this::replacePairWithOne);
        tick();
        planner.commands(input -> List.of());
        // what a pass that died right after writing the stage leaves: a member at Launching, nothing done
        NodeClaim a = claim("default-a");
        claims.update(a.withDisruption(a.disruption().at(Stage.LAUNCHING, clock.instant())), clock.instant());
        clock.advance(Duration.ofSeconds(60));

        tick();

        assertThat(planner.validated).as("past validation already").isEmpty();
        assertThat(cluster.currentNode(NODE_A).orElseThrow().taints()).contains(Taint.DISRUPTED);
        assertThat(cluster.currentNode(NODE_B).orElseThrow().taints()).contains(Taint.DISRUPTED);
        assertThat(replacement().phase()).isEqualTo(Phase.LAUNCHED);
    }

    @Test
    void crash_midRollback_theNextPassFinishesTheRollback() {
        aStartedCommand();
        NodeClaim rep = replacement();
        claims.update(rep.withDisruption(rep.disruption().at(Stage.ROLLING_BACK, clock.instant())), clock.instant());
        clock.advance(Duration.ofSeconds(60));

        tick();

        assertThat(cloud.calls("terminate")).containsExactly("terminate " + rep.instanceId());
        assertThat(cluster.currentNode(NODE_A).orElseThrow().taints()).doesNotContain(Taint.DISRUPTED);
        assertThat(claim("default-a").disruption()).isNull();
    }

    // ---- what is reported and what dry runs do ----

    @Test
    void run_blockedCandidates_areCountedAndReportedOnTheirNodes() {
        twoUnderutilizedNodes();
        planner.blocked(input -> List.of(
                new BlockedCandidate(NODE_A, "default-a", BlockedCandidate.Blocker.PDB, "PDB shop/web-pdb prevents pod evictions"),
                new BlockedCandidate(NODE_B, "default-b", BlockedCandidate.Blocker.CONSOLIDATE_AFTER, "consolidateAfter not elapsed")));

        DisruptionExecutor.Report report = tick();

        assertThat(report.blocked()).isEqualTo(2);
        assertThat(cluster.events()).singleElement().satisfies(event -> {
            assertThat(event.reason()).isEqualTo(ClusterEvent.DISRUPTION_BLOCKED);
            assertThat(event.name()).isEqualTo(NODE_A);
            assertThat(event.message()).isEqualTo("PDB shop/web-pdb prevents pod evictions");
        });
        assertThat(metrics.total("DisruptionBlockedCandidates")).isEqualTo(2);
        assertThat(metrics.total("DisruptionBlockedPdb")).isEqualTo(1);
    }

    @Test
    void run_dryRun_plansAndWritesNothing() {
        twoUnderutilizedNodes();
        planner.commands(this::replacePairWithOne);

        DisruptionExecutor.Report report = executor.run(CONFIG, NodeClassZones.of(cloud), Set.of(), true);

        assertThat(report.decided()).hasSize(1);
        assertThat(report.proposed()).isZero();
        assertThat(claims.all()).allSatisfy(c -> assertThat(c.disruption()).isNull());
        assertThat(claims.all()).hasSize(2);
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void snapshot_holdsEveryLiveClaimWithItsNodeAndPods_butNotProposedReplacements() {
        twoUnderutilizedNodes();
        planner.commands(this::replacePairWithOne);
        tick();
        clock.advance(Duration.ofSeconds(5));

        tick();

        DisruptionInput second = planner.planned.get(1);
        assertThat(second.nodes()).extracting(StateNode::name).containsExactly(NODE_A, NODE_B);
        assertThat(second.nodes().get(0).pods()).extracting(p -> p.name()).containsExactly("web-1");
        assertThat(second.nodes().get(0).disrupting()).as("a proposed command's candidates are still candidates").isFalse();
        assertThat(second.nodePoolHashes()).containsKey("default");
        assertThat(second.instanceTypes()).containsKey("default");
        assertThat(second.now()).isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void snapshot_aReplacementWaitingForTheCandidatesPods_isNominated_soItIsNoCandidateWhileEmpty() {
        aStartedCommand();
        initialize(replacement());
        cluster.node(Orchestration.node("ip-10-0-1-99.ec2.internal", "i-0rep", true));
        clock.advance(Duration.ofSeconds(60));

        tick();

        DisruptionInput last = planner.planned.get(planner.planned.size() - 1);
        assertThat(last.nodes()).filteredOn(n -> n.claim().name().startsWith("default-rep")).singleElement()
                .satisfies(n -> assertThat(n.nominated()).isTrue());
        assertThat(last.nodes()).filteredOn(n -> n.claim().name().equals("default-a")).singleElement()
                .satisfies(n -> assertThat(n.disrupting()).isTrue());
    }

    // ---- fixtures ----

    private DisruptionExecutor.Report tick() {
        return executor.run(CONFIG, NodeClassZones.of(cloud), Set.of(), false);
    }

    private void twoUnderutilizedNodes() {
        claims.seed(running("default-a", NODE_A, "i-0aaaa"));
        claims.seed(running("default-b", NODE_B, "i-0bbbb"));
        cluster.node(Orchestration.node(NODE_A, "i-0aaaa", true)).node(Orchestration.node(NODE_B, "i-0bbbb", true))
                .pod(Orchestration.boundPod("shop", "web-1", 300, NODE_A))
                .pod(Orchestration.boundPod("shop", "web-2", 300, NODE_B));
    }

    private void aStartedCommand() {
        twoUnderutilizedNodes();
        planner.commands(this::replacePairWithOne);
        tick();
        planner.commands(input -> List.of());
        clock.advance(Duration.ofSeconds(60));
        tick();
        assertThat(replacement().phase()).isEqualTo(Phase.LAUNCHED);
        published.clear();
    }

    /** What the tick's lifecycle does once the replacement's node is Ready. */
    private void initialize(NodeClaim replacement) {
        claims.update(replacement.toBuilder().phase(Phase.INITIALIZED).nodeName("ip-10-0-1-99.ec2.internal").build(),
                clock.instant());
    }

    private List<DisruptionCommand> replacePairWithOne(DisruptionInput input) {
        PlannedNodeClaim one = new PlannedNodeClaim("default-rep", "default", "default", CapacityType.SPOT, List.of("c5.large"),
                List.of("us-east-1a"), Requirements.NONE, List.of("shop/web-1", "shop/web-2"), Resources.NONE, 0.1);
        return List.of(command(input, Reason.UNDERUTILIZED, List.of("default-a", "default-b"), List.of(one)));
    }

    private static DisruptionCommand command(DisruptionInput input, Reason reason, List<String> candidates,
                                             List<PlannedNodeClaim> replacements) {
        List<StateNode> nodes = input.nodes().stream().filter(n -> candidates.contains(n.claim().name())).toList();
        List<String> pods = nodes.stream().flatMap(n -> n.pods().stream()).map(p -> p.key()).toList();
        return new DisruptionCommand(reason, reason == Reason.EMPTY ? "emptiness" : "multi-node-consolidation", nodes,
                replacements, pods, 0.1, false, input.now());
    }

    private NodeClaim claim(String name) {
        return claims.get(CLUSTER, name).orElseThrow();
    }

    private NodeClaim replacement() {
        return claims.all().stream().filter(c -> c.name().startsWith("default-rep") && !c.phase().isTerminal())
                .findFirst().orElseThrow();
    }

    private static NodeClaim running(String name, String node, String instance) {
        return NodeClaim.builder().name(name).cluster(CLUSTER).nodePool("default").nodeClass("default")
                .capacityType(CapacityType.SPOT).instanceTypes(List.of("m5.large")).zones(List.of("us-east-1a"))
                .zone("us-east-1a").instanceType("m5.large").instanceId(instance).providerId("aws:///us-east-1a/" + instance)
                .nodeName(node).price(0.1).phase(Phase.INITIALIZED).version(3).createdAt(NOW.minusSeconds(3600)).build();
    }
}
