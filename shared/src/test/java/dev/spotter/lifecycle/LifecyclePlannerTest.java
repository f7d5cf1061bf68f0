package dev.spotter.lifecycle;

import dev.spotter.cloud.CloudInstance;

import dev.spotter.catalog.CapacityType;
import dev.spotter.cloud.InstanceState;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.config.Disruption;
import dev.spotter.config.NodePool;
import dev.spotter.lifecycle.LifecycleCommand.AdoptInstance;
import dev.spotter.lifecycle.LifecycleCommand.Evict;
import dev.spotter.lifecycle.LifecycleCommand.FinishDrain;
import dev.spotter.lifecycle.LifecycleCommand.MarkInitialized;
import dev.spotter.lifecycle.LifecycleCommand.MarkRegistered;
import dev.spotter.lifecycle.LifecycleCommand.Relaunch;
import dev.spotter.lifecycle.LifecycleCommand.Retire;
import dev.spotter.lifecycle.LifecycleCommand.TerminateOrphan;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;
import dev.spotter.model.Toleration;
import dev.spotter.nodeclaim.Condition;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LifecyclePlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final LifecyclePlanner planner = new LifecyclePlanner(LifecycleSettings.DEFAULT);

    @Test
    void plan_whenPlannedClaimHasTaggedInstance_adoptsIt() {
        NodeClaim claim = claim("a", Phase.PLANNED, null, NOW.minusSeconds(10));
        CloudInstance instance = instance("i-1", "a", InstanceState.RUNNING, NOW.minusSeconds(5));

        assertThat(plan(List.of(claim), List.of(), Map.of(), List.of(instance)))
                .containsExactly(new AdoptInstance(claim, instance));
    }

    @Test
    void plan_whenPlannedClaimNeverLaunchedFor6Minutes_retiresIt() {
        NodeClaim claim = claim("a", Phase.PLANNED, null, NOW.minus(Duration.ofMinutes(6)));

        assertThat(plan(List.of(claim), List.of(), Map.of(), List.of()))
                .singleElement().isInstanceOfSatisfying(Retire.class, r -> assertThat(r.reason()).contains("not launched"));
    }

    @Test
    void plan_whenPlannedClaimIsOneMinuteOldWithoutInstance_relaunchesIt() {
        NodeClaim claim = claim("a", Phase.PLANNED, null, NOW.minus(Duration.ofMinutes(1)));

        assertThat(plan(List.of(claim), List.of(), Map.of(), List.of())).containsExactly(new Relaunch(claim));
    }

    @Test
    void plan_whenPlannedClaimIsSecondsOld_leavesItToTheProvisioner() {
        NodeClaim claim = claim("a", Phase.PLANNED, null, NOW.minusSeconds(5));

        assertThat(plan(List.of(claim), List.of(), Map.of(), List.of())).isEmpty();
    }

    @Test
    void plan_whenNodeWithClaimsProviderIdAppears_marksRegistered() {
        NodeClaim claim = claim("a", Phase.LAUNCHED, "i-1", NOW.minusSeconds(90));
        Node node = node("ip-10-0-0-1", "i-1", true, List.of(), Resources.NONE);

        assertThat(plan(List.of(claim), List.of(node), Map.of(), List.of(running("i-1", "a"))))
                .containsExactly(new MarkRegistered(claim, node));
    }

    @Test
    void plan_whenLaunchedClaimNeverRegistersIn15Minutes_retiresIt() {
        NodeClaim claim = claim("a", Phase.LAUNCHED, "i-1", NOW.minus(Duration.ofMinutes(16)));

        assertThat(plan(List.of(claim), List.of(), Map.of(), List.of(running("i-1", "a"))))
                .singleElement().isInstanceOfSatisfying(Retire.class, r -> assertThat(r.reason()).contains("not registered"));
    }

    @Test
    void plan_whenLaunchedClaimsInstanceIsTerminated_retiresIt() {
        NodeClaim claim = claim("a", Phase.LAUNCHED, "i-1", NOW.minusSeconds(60));
        CloudInstance gone = instance("i-1", "a", InstanceState.TERMINATED, NOW.minusSeconds(60));

        assertThat(plan(List.of(claim), List.of(), Map.of(), List.of(gone)))
                .singleElement().isInstanceOfSatisfying(Retire.class, r -> assertThat(r.reason()).contains("gone"));
    }

    @Test
    void plan_whenGpuNodeIsReadyButGpusNotRegistered_waitsForThem() {
        NodeClaim claim = claim("a", Phase.REGISTERED, "i-1", NOW.minusSeconds(90)).toBuilder().instanceType("g5.xlarge").build();
        Node withoutGpu = node("n", "i-1", true, List.of(), Resources.builder().cpuMillis(4000).build());
        Node withGpu = node("n", "i-1", true, List.of(), Resources.builder().cpuMillis(4000).set(Resources.NVIDIA_GPU, 1).build());
        Map<String, Set<String>> extended = Map.of("g5.xlarge", Set.of(Resources.NVIDIA_GPU));

        LifecycleInput waiting = input(List.of(claim), List.of(withoutGpu), Map.of(), List.of(running("i-1", "a")), extended);
        LifecycleInput ready = input(List.of(claim), List.of(withGpu), Map.of(), List.of(running("i-1", "a")), extended);

        assertThat(planner.plan(waiting)).isEmpty();
        assertThat(planner.plan(ready)).containsExactly(new MarkInitialized(claim));
    }

    @Test
    void plan_whenStartupTaintStillOnNode_doesNotInitialize() {
        NodeClaim claim = claim("a", Phase.REGISTERED, "i-1", NOW.minusSeconds(90));
        Node node = node("n", "i-1", true, List.of(new Taint("example.com/agent-not-ready", "", Taint.NO_SCHEDULE)), Resources.NONE);

        assertThat(plan(List.of(claim), List.of(node), Map.of(), List.of(running("i-1", "a")))).isEmpty();
    }

    @Test
    void plan_whenDraining_evictsNonCriticalPodsBeforeCriticalAndDaemonSets() {
        NodeClaim claim = draining("a", NOW.minusSeconds(30));
        Node node = node("n", "i-1", true, List.of(), Resources.NONE);
        Pod app = pod("app").build();
        Pod critical = pod("dns").priorityClassName("system-cluster-critical").build();
        Pod daemon = pod("agent").owner("DaemonSet", "agent").build();

        List<LifecycleCommand> commands = plan(List.of(claim), List.of(node), Map.of("n", List.of(daemon, critical, app)),
                List.of(running("i-1", "a")));

        assertThat(commands).containsExactly(new Evict(claim, node, List.of(app)));
    }

    @Test
    void plan_whenOnlyDaemonSetPodsRemain_evictsThemThenFinishes() {
        NodeClaim claim = draining("a", NOW.minusSeconds(30));
        Node node = node("n", "i-1", true, List.of(), Resources.NONE);
        Pod daemon = pod("agent").owner("DaemonSet", "agent").build();
        Map<String, List<Pod>> pods = Map.of("n", List.of(daemon));

        assertThat(plan(List.of(claim), List.of(node), pods, List.of(running("i-1", "a"))))
                .containsExactly(new Evict(claim, node, List.of(daemon)));
        NodeClaim evicted = claim.withCondition(new Condition(LifecyclePlanner.DAEMONSETS_EVICTED, true, "", "", NOW));
        assertThat(plan(List.of(evicted), List.of(node), pods, List.of(running("i-1", "a"))))
                .containsExactly(new FinishDrain(evicted, node, "drained"));
    }

    @Test
    void plan_whenDoNotDisruptPodRemainsWithinGracePeriod_waits() {
        NodeClaim claim = draining("a", NOW.minusSeconds(30));
        Node node = node("n", "i-1", true, List.of(), Resources.NONE);
        Pod pinned = pod("batch").annotations(Map.of("karpenter.sh/do-not-disrupt", "true")).build();

        assertThat(plan(List.of(claim), List.of(node), Map.of("n", List.of(pinned)), List.of(running("i-1", "a")))).isEmpty();
    }

    @Test
    void plan_whenTerminationGracePeriodElapsed_finishesDrainDespiteBlockers() {
        NodeClaim claim = draining("a", NOW.minus(Duration.ofHours(2)));
        Node node = node("n", "i-1", true, List.of(), Resources.NONE);
        Pod pinned = pod("batch").annotations(Map.of("karpenter.sh/do-not-disrupt", "true")).build();

        assertThat(plan(List.of(claim), List.of(node), Map.of("n", List.of(pinned)), List.of(running("i-1", "a"))))
                .containsExactly(new FinishDrain(claim, node, "terminationGracePeriod elapsed"));
    }

    @Test
    void plan_whenPodToleratesDisruptedTaint_doesNotEvictIt() {
        NodeClaim claim = draining("a", NOW.minusSeconds(30));
        Node node = node("n", "i-1", true, List.of(), Resources.NONE);
        Pod tolerant = pod("tolerant").tolerations(List.of(new Toleration("", "Exists", "", ""))).build();

        assertThat(plan(List.of(claim), List.of(node), Map.of("n", List.of(tolerant)), List.of(running("i-1", "a"))))
                .containsExactly(new FinishDrain(claim, node, "drained"));
    }

    @Test
    void plan_whenRebalanceReplacementStillComingUp_waitsThenStartsDrainOnceReady() {
        NodeClaim old = claim("old", Phase.INITIALIZED, "i-1", NOW.minus(Duration.ofHours(1))).toBuilder().nodeName("n").build()
                .withCondition(new Condition(LifecyclePlanner.REPLACEMENT_REQUESTED, true, "", "", NOW.minus(Duration.ofMinutes(2))));
        Node node = node("n", "i-1", true, List.of(), Resources.NONE);
        Pod app = pod("app").build();
        NodeClaim replacement = claim("new", Phase.LAUNCHED, "i-2", NOW.minusSeconds(60)).toBuilder().pods(List.of(app.key())).build();
        Map<String, List<Pod>> pods = Map.of("n", List.of(app));

        assertThat(plan(List.of(old, replacement), List.of(node), pods, List.of(running("i-1", "old"), running("i-2", "new"))))
                .noneMatch(command -> command instanceof LifecycleCommand.StartDrain);
        NodeClaim ready = replacement.withPhase(Phase.INITIALIZED);
        assertThat(plan(List.of(old, ready), List.of(node), pods, List.of(running("i-1", "old"), running("i-2", "new"))))
                .contains(new LifecycleCommand.StartDrain(old, "rebalance recommendation: replacement ready"));
    }

    @Test
    void plan_whenInstanceHasNoClaimAndIsOlderThan30Seconds_terminatesIt() {
        CloudInstance orphan = instance("i-9", "gone-claim", InstanceState.RUNNING, NOW.minusSeconds(31));
        CloudInstance young = instance("i-8", "", InstanceState.RUNNING, NOW.minusSeconds(10));

        assertThat(plan(List.of(), List.of(), Map.of(), List.of(orphan, young)))
                .containsExactly(new TerminateOrphan(orphan, "no NodeClaim owns it"));
    }

    @Test
    void plan_whenSecondInstanceCarriesALaunchedClaimsName_terminatesItAsAnOrphan() {
        // regression: ownership was by the claim-name tag, so a duplicate launch ran unmanaged for the claim's life
        NodeClaim claim = claim("a", Phase.LAUNCHED, "i-1", NOW.minusSeconds(60));
        CloudInstance duplicate = instance("i-2", "a", InstanceState.RUNNING, NOW.minusSeconds(40));

        assertThat(plan(List.of(claim), List.of(), Map.of(), List.of(running("i-1", "a"), duplicate)))
                .contains(new TerminateOrphan(duplicate, "no NodeClaim owns it"));
    }

    @Test
    void plan_whenLaunchedClaimsInstanceNotYetVisible_waitsForDescribeToCatchUp() {
        // regression: DescribeInstances is eventually consistent; an unseen new instance was retired at once
        NodeClaim claim = claim("a", Phase.LAUNCHED, "i-1", NOW.minusSeconds(30));

        assertThat(plan(List.of(claim), List.of(), Map.of(), List.of())).isEmpty();
    }

    @Test
    void plan_whenLaunchedClaimsInstanceStaysInvisiblePastTheGrace_retiresIt() {
        NodeClaim claim = claim("a", Phase.LAUNCHED, "i-1",
                NOW.minus(LifecyclePlanner.INSTANCE_VISIBILITY_GRACE).minusSeconds(1));

        assertThat(plan(List.of(claim), List.of(), Map.of(), List.of()))
                .singleElement().isInstanceOfSatisfying(Retire.class, r -> assertThat(r.reason()).contains("gone"));
    }

    @Test
    void plan_whenMoreWorkThanTheBudget_stopsAtTheBudget() {
        LifecyclePlanner small = new LifecyclePlanner(new LifecycleSettings(Duration.ofMinutes(5), Duration.ofMinutes(15),
                Duration.ofSeconds(30), Duration.ofHours(1), 50, 3));
        List<CloudInstance> orphans = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> instance("i-" + i, "", InstanceState.RUNNING, NOW.minusSeconds(60))).toList();

        assertThat(small.plan(input(List.of(), List.of(), Map.of(), orphans, Map.of()))).hasSize(3);
    }

    private List<LifecycleCommand> plan(List<NodeClaim> claims, List<Node> nodes, Map<String, List<Pod>> pods,
                                        List<CloudInstance> instances) {
        return planner.plan(input(claims, nodes, pods, instances, Map.of()));
    }

    private static LifecycleInput input(List<NodeClaim> claims, List<Node> nodes, Map<String, List<Pod>> pods,
                                        List<CloudInstance> instances, Map<String, Set<String>> extended) {
        NodePool pool = new NodePool("default", "default", Map.of(), Map.of(), Requirements.NONE, List.of(),
                List.of(new Taint("example.com/agent-not-ready", "", Taint.NO_SCHEDULE)), Duration.ofHours(720),
                Duration.ofHours(1), Disruption.DEFAULT, Resources.NONE, 0);
        return new LifecycleInput(NOW, claims, nodes, pods, instances, Map.of("default", pool), extended);
    }

    private static NodeClaim claim(String name, Phase phase, String instanceId, Instant createdAt) {
        return NodeClaim.builder().name(name).cluster("c").nodePool("default").nodeClass("default")
                .capacityType(CapacityType.SPOT).instanceId(instanceId).phase(phase).createdAt(createdAt).version(1).build();
    }

    private static NodeClaim draining(String name, Instant since) {
        return claim(name, Phase.DRAINING, "i-1", NOW.minus(Duration.ofHours(3))).toBuilder().nodeName("n").build()
                .withCondition(new Condition(LifecyclePlanner.DRAINING, true, "SpotInterrupted", "", since));
    }

    private static Node node(String name, String instanceId, boolean ready, List<Taint> taints, Resources allocatable) {
        return new Node(name, Map.of(), Map.of(), taints, allocatable, allocatable, "aws:///us-east-1a/" + instanceId, ready,
                false, NOW.minusSeconds(60));
    }

    private static CloudInstance running(String id, String claim) {
        return instance(id, claim, InstanceState.RUNNING, NOW.minusSeconds(120));
    }

    private static CloudInstance instance(String id, String claim, InstanceState state, Instant launchTime) {
        Map<String, String> tags = claim.isEmpty() ? Map.of() : Map.of("karpenter.sh/nodeclaim", claim);
        return new CloudInstance(id, "m7i.large", "us-east-1a", CapacityType.SPOT, state, launchTime, "", tags);
    }

    private static Pod.Builder pod(String name) {
        return Pod.builder("default", name).nodeName("n");
    }
}
