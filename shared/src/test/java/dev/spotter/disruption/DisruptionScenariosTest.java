package dev.spotter.disruption;

import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodDisruptionBudget;
import dev.spotter.config.Disruption;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.WellKnownLabels;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.spotter.catalog.CapacityType.ON_DEMAND;
import static dev.spotter.catalog.CapacityType.SPOT;
import static dev.spotter.disruption.Clusters.LONG_AGO;
import static dev.spotter.disruption.Clusters.NOW;
import static dev.spotter.disruption.Clusters.budget;
import static dev.spotter.disruption.Clusters.disruption;
import static dev.spotter.disruption.Clusters.input;
import static dev.spotter.disruption.Clusters.node;
import static dev.spotter.disruption.Clusters.pod;
import static dev.spotter.disruption.Clusters.pool;
import static org.assertj.core.api.Assertions.assertThat;

/** Karpenter's disruption suite as small inputs, run on both strategies where the behaviour is shared. */
class DisruptionScenariosTest {
    private static final Disruption UNDERUTILIZED_NOW = disruption("WhenEmptyOrUnderutilized", Duration.ZERO, budget("100%"));
    private static final DisruptionPlanner SPOTTER = DisruptionPlanner.spotter();
    private static final DisruptionPlanner KARPENTER = DisruptionPlanner.karpenter();

    private static NodePool onDemandPool(Disruption disruption) {
        return pool("default", disruption, null, null, Requirements.of(Requirement.in(WellKnownLabels.CAPACITY_TYPE, "on-demand")));
    }

    private static NodePool spotPool(Disruption disruption) {
        return pool("default", disruption, null, null, Requirements.of(Requirement.in(WellKnownLabels.CAPACITY_TYPE, "spot")));
    }

    private static Map<String, BlockedCandidate> blocked(DisruptionDecision decision) {
        Map<String, BlockedCandidate> byNode = new java.util.HashMap<>();
        decision.blocked().forEach(b -> byNode.put(b.node(), b));
        return byNode;
    }

    @Test
    void emptyNode_goesAfterConsolidateAfter_andNotBefore() {
        NodePool pool = onDemandPool(disruption("WhenEmptyOrUnderutilized", Duration.ofMinutes(10), budget("100%")));
        StateNode recent = node("recent", "default", "m5.large", ON_DEMAND, List.of(), Map.of(), LaunchedWith.UNKNOWN,
                NOW.minus(Duration.ofMinutes(5)));
        StateNode idle = node("idle", "default", "m5.large", ON_DEMAND, List.of(), Map.of(), LaunchedWith.UNKNOWN,
                NOW.minus(Duration.ofMinutes(15)));
        for (DisruptionPlanner planner : List.of(SPOTTER, KARPENTER)) {
            DisruptionDecision decision = planner.plan(input(List.of(pool), List.of(recent, idle)).build());

            assertThat(decision.commands()).hasSize(1);
            assertThat(decision.commands().get(0).reason()).isEqualTo(Reason.EMPTY);
            assertThat(decision.commands().get(0).candidateNames()).containsExactly("idle");
            assertThat(decision.commands().get(0).replacements()).isEmpty();
            assertThat(decision.commands().get(0).savingsPerHour()).isEqualTo(0.096, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(blocked(decision).get("recent").blocker()).isEqualTo(BlockedCandidate.Blocker.CONSOLIDATE_AFTER);
        }
    }

    @Test
    void consolidateAfterNever_disablesEmptinessAndConsolidation() {
        NodePool pool = onDemandPool(disruption("WhenEmptyOrUnderutilized", null, budget("100%")));
        StateNode idle = node("idle", "default", "m5.large", ON_DEMAND, List.of());

        DisruptionDecision decision = SPOTTER.plan(input(List.of(pool), List.of(idle)).build());

        assertThat(decision.commands()).isEmpty();
        assertThat(blocked(decision).get("idle").message()).contains("Never");
    }

    @Test
    void whenEmpty_neverTouchesAnUnderutilizedNode() {
        NodePool pool = onDemandPool(disruption("WhenEmpty", Duration.ZERO, budget("100%")));
        StateNode a = node("a", "default", "m5.xlarge", ON_DEMAND, List.of(pod("p1", 1000, 2)));
        StateNode b = node("b", "default", "m5.xlarge", ON_DEMAND, List.of(pod("p2", 1000, 2)));
        for (DisruptionPlanner planner : List.of(SPOTTER, KARPENTER)) {
            assertThat(planner.plan(input(List.of(pool), List.of(a, b)).build()).commands()).isEmpty();
        }
    }

    @Test
    void twoHalfEmptyNodes_becomeOneCheaperNode() {
        NodePool pool = onDemandPool(UNDERUTILIZED_NOW);
        StateNode a = node("a", "default", "m5.2xlarge", ON_DEMAND, List.of(pod("p1", 1500, 5)));
        StateNode b = node("b", "default", "m5.2xlarge", ON_DEMAND, List.of(pod("p2", 1500, 5)));
        for (DisruptionPlanner planner : List.of(SPOTTER, KARPENTER)) {
            DisruptionDecision decision = planner.plan(input(List.of(pool), List.of(a, b)).build());

            assertThat(decision.commands()).as(planner.name()).hasSize(1);
            DisruptionCommand command = decision.commands().get(0);
            assertThat(command.reason()).isEqualTo(Reason.UNDERUTILIZED);
            assertThat(command.candidateNames()).containsExactlyInAnyOrder("a", "b");
            assertThat(command.replacements()).hasSize(1);
            assertThat(command.replacements().get(0).pods()).containsExactlyInAnyOrder("default/p1", "default/p2");
            assertThat(command.replacements().get(0).hourlyPrice()).isLessThan(2 * 0.384);
            assertThat(command.savingsPerHour()).isPositive();
            assertThat(command.pods()).containsExactlyInAnyOrder("default/p1", "default/p2");
            assertThat(decision.hourlyCostAfter()).isLessThan(decision.hourlyCostBefore());
        }
    }

    @Test
    void nodeWhosePodsFitElsewhere_isDeletedWithoutReplacement() {
        NodePool pool = onDemandPool(UNDERUTILIZED_NOW);
        StateNode busy = node("busy", "default", "m5.2xlarge", ON_DEMAND, List.of(pod("big", 6000, 20)));
        StateNode small = node("small", "default", "m5.large", ON_DEMAND, List.of(pod("little", 500, 1)));
        for (DisruptionPlanner planner : List.of(SPOTTER, KARPENTER)) {
            DisruptionDecision decision = planner.plan(input(List.of(pool), List.of(busy, small)).build());

            assertThat(decision.commands()).as(planner.name()).hasSize(1);
            assertThat(decision.commands().get(0).candidateNames()).containsExactly("small");
            assertThat(decision.commands().get(0).isDelete()).isTrue();
            assertThat(decision.commands().get(0).pods()).containsExactly("default/little");
        }
    }

    @Test
    void spotNode_isReplacedByACheaperSpotNode_byDefault_butNotByTheKarpenterBaseline() {
        NodePool pool = spotPool(UNDERUTILIZED_NOW);
        StateNode big = node("big", "default", "m5.2xlarge", SPOT, List.of(pod("p", 1000, 2)));

        DisruptionDecision spotter = SPOTTER.plan(input(List.of(pool), List.of(big)).build());
        assertThat(spotter.commands()).hasSize(1);
        DisruptionCommand command = spotter.commands().get(0);
        assertThat(command.replacements()).hasSize(1);
        assertThat(command.replacements().get(0).capacityType()).isEqualTo(SPOT);
        assertThat(command.replacements().get(0).instanceTypes()).doesNotContain("m5.2xlarge");
        assertThat(command.replacements().get(0).hourlyPrice()).isLessThan(0.384 * 0.3);

        assertThat(KARPENTER.plan(input(List.of(pool), List.of(big)).build()).commands()).isEmpty();
    }

    @Test
    void onDemandNode_mayBeReplacedBySpot_whenTheNodePoolAllowsIt() {
        NodePool pool = pool("default", UNDERUTILIZED_NOW);
        StateNode big = node("big", "default", "m5.xlarge", ON_DEMAND, List.of(pod("p", 1000, 2)));
        DisruptionDecision decision = SPOTTER.plan(input(List.of(pool), List.of(big)).build());
        assertThat(decision.commands()).hasSize(1);
        assertThat(decision.commands().get(0).replacements().get(0).capacityType()).isEqualTo(SPOT);
    }

    @Test
    void budgetOfZero_blocks() {
        NodePool pool = onDemandPool(disruption("WhenEmptyOrUnderutilized", Duration.ZERO, budget("0")));
        StateNode idle = node("idle", "default", "m5.large", ON_DEMAND, List.of());
        for (DisruptionPlanner planner : List.of(SPOTTER, KARPENTER)) {
            DisruptionDecision decision = planner.plan(input(List.of(pool), List.of(idle)).build());
            assertThat(decision.commands()).isEmpty();
            assertThat(blocked(decision).get("idle").blocker()).isEqualTo(BlockedCandidate.Blocker.BUDGET);
        }
    }

    @Test
    void budgetSchedule_blocksWhileActive_andOpensAfterItsDuration() {
        Disruption.Budget businessHours = new Disruption.Budget("0", "0 9 * * mon-fri", Duration.ofHours(8), List.of());
        NodePool pool = onDemandPool(disruption("WhenEmptyOrUnderutilized", Duration.ZERO, businessHours));
        StateNode idle = node("idle", "default", "m5.large", ON_DEMAND, List.of());
        // 2026-06-01 is a Monday, 2026-06-06 a Saturday
        DisruptionInput atNoon = input(List.of(pool), List.of(idle)).build();
        assertThat(SPOTTER.plan(atNoon).commands()).isEmpty();
        assertThat(blocked(SPOTTER.plan(atNoon)).get("idle").message()).contains("0 9 * * mon-fri");

        for (Instant open : List.of(Instant.parse("2026-06-01T17:00:00Z"), Instant.parse("2026-06-01T08:59:00Z"),
                Instant.parse("2026-06-06T12:00:00Z"))) {
            DisruptionInput later = DisruptionInput.builder(open).nodePools(List.of(pool)).nodes(List.of(idle))
                    .nodeClasses(atNoon.nodeClasses()).instanceTypes(atNoon.instanceTypes()).build();
            assertThat(SPOTTER.plan(later).commands()).as(open.toString()).hasSize(1);
        }
    }

    @Test
    void percentageBudget_roundsUp() {
        NodePool pool = onDemandPool(disruption("WhenEmptyOrUnderutilized", Duration.ZERO, budget("10%")));
        List<StateNode> nodes = List.of(node("a", "default", "m5.large", ON_DEMAND, List.of()),
                node("b", "default", "m5.large", ON_DEMAND, List.of()), node("c", "default", "m5.large", ON_DEMAND, List.of()));
        DisruptionDecision decision = SPOTTER.plan(input(List.of(pool), nodes).build());

        assertThat(decision.commands()).hasSize(1);
        assertThat(decision.commands().get(0).candidates()).hasSize(1);
        assertThat(decision.blocked()).hasSize(2).allMatch(b -> b.blocker() == BlockedCandidate.Blocker.BUDGET);
    }

    @Test
    void budgetForOtherReasons_doesNotLimitEmptiness_andDisruptingNodesCountAgainstIt() {
        Disruption.Budget driftOnly = new Disruption.Budget("0", "", null, List.of("Drifted"));
        NodePool pool = onDemandPool(disruption("WhenEmptyOrUnderutilized", Duration.ZERO, driftOnly, budget("2")));
        StateNode disrupting = withDisrupting(node("going", "default", "m5.large", ON_DEMAND, List.of(pod("x", 100, 1))));
        List<StateNode> nodes = List.of(disrupting, node("a", "default", "m5.large", ON_DEMAND, List.of()),
                node("b", "default", "m5.large", ON_DEMAND, List.of()));

        DisruptionDecision decision = SPOTTER.plan(input(List.of(pool), nodes).build());

        assertThat(decision.commands()).hasSize(1);
        assertThat(decision.commands().get(0).candidates()).hasSize(1);
    }

    private static StateNode withDisrupting(StateNode node) {
        return new StateNode(node.claim(), node.node(), node.pods(), node.launchedWith(), node.lastPodEventTime(), false, true);
    }

    @Test
    void doNotDisrupt_onAPodOrOnTheNode_blocks() {
        NodePool pool = onDemandPool(UNDERUTILIZED_NOW);
        Pod protectedPod = pod("protected", 500, 1).toBuilder()
                .annotations(Map.of(WellKnownLabels.DO_NOT_DISRUPT_ANNOTATION, "true")).build();
        Pod briefly = pod("briefly", 500, 1).toBuilder()
                .annotations(Map.of(WellKnownLabels.DO_NOT_DISRUPT_ANNOTATION, "1h")).build();
        StateNode host = node("host", "default", "m5.2xlarge", ON_DEMAND, List.of(pod("big", 6000, 20)));
        StateNode podBlocked = node("pod-blocked", "default", "m5.large", ON_DEMAND, List.of(protectedPod));
        StateNode durationElapsed = node("elapsed", "default", "m5.large", ON_DEMAND, List.of(briefly));
        StateNode nodeBlocked = node("node-blocked", "default", "m5.large", ON_DEMAND, List.of(),
                Map.of(WellKnownLabels.DO_NOT_DISRUPT_ANNOTATION, "true"), LaunchedWith.UNKNOWN, LONG_AGO);

        DisruptionDecision decision = SPOTTER.plan(input(List.of(pool), List.of(host, podBlocked, durationElapsed, nodeBlocked)).build());

        assertThat(blocked(decision).get("pod-blocked").blocker()).isEqualTo(BlockedCandidate.Blocker.POD_DO_NOT_DISRUPT);
        assertThat(blocked(decision).get("pod-blocked").message()).contains("default/protected");
        assertThat(blocked(decision).get("node-blocked").blocker()).isEqualTo(BlockedCandidate.Blocker.NODE_DO_NOT_DISRUPT);
        assertThat(decision.commands()).flatExtracting(DisruptionCommand::candidateNames)
                .contains("elapsed").doesNotContain("pod-blocked", "node-blocked");
    }

    @Test
    void pdbAllowingNoDisruption_blocks_andAPodMatchedByTwoPdbs_blocks() {
        NodePool pool = onDemandPool(UNDERUTILIZED_NOW);
        Pod guarded = pod("guarded", 500, 1).toBuilder().labels(Map.of("app", "db")).build();
        Pod twice = pod("twice", 500, 1).toBuilder().labels(Map.of("app", "web", "tier", "front")).build();
        StateNode host = node("host", "default", "m5.2xlarge", ON_DEMAND, List.of(pod("big", 6000, 20)));
        StateNode a = node("a", "default", "m5.large", ON_DEMAND, List.of(guarded));
        StateNode b = node("b", "default", "m5.large", ON_DEMAND, List.of(twice));
        List<PodDisruptionBudget> pdbs = List.of(
                new PodDisruptionBudget("default", "db", Requirements.fromLabels(Map.of("app", "db")), 0),
                new PodDisruptionBudget("default", "web", Requirements.fromLabels(Map.of("app", "web")), 5),
                new PodDisruptionBudget("default", "front", Requirements.fromLabels(Map.of("tier", "front")), 5));
        for (DisruptionPlanner planner : List.of(SPOTTER, KARPENTER)) {
            DisruptionDecision decision = planner.plan(input(List.of(pool), List.of(host, a, b)).podDisruptionBudgets(pdbs).build());

            assertThat(decision.commands()).isEmpty();
            assertThat(blocked(decision).get("a").message()).contains("PodDisruptionBudget default/db");
            assertThat(blocked(decision).get("b").message()).contains("more than one PodDisruptionBudget");
        }
    }

    @Test
    void expireAfter_replacesExpiredNodes_andIgnoresBudgets() {
        NodePool pool = pool("default", disruption("WhenEmptyOrUnderutilized", Duration.ZERO, budget("0")), Duration.ofHours(1),
                null, Requirements.of(Requirement.in(WellKnownLabels.CAPACITY_TYPE, "on-demand")));
        StateNode old = node("old", "default", "m5.xlarge", ON_DEMAND, List.of(pod("p", 3000, 10)));
        for (DisruptionPlanner planner : List.of(SPOTTER, KARPENTER)) {
            DisruptionDecision decision = planner.plan(input(List.of(pool), List.of(old)).build());

            assertThat(decision.commands()).hasSize(1);
            DisruptionCommand command = decision.commands().get(0);
            assertThat(command.reason()).isEqualTo(Reason.EXPIRED);
            assertThat(command.forceful()).isTrue();
            assertThat(command.replacements()).hasSize(1);
            assertThat(command.replacements().get(0).pods()).containsExactly("default/p");
        }
    }

    @Test
    void templateChange_driftsNodes_andTheyAreReplacedOneBudgetAtATime() {
        NodePool pool = onDemandPool(disruption("WhenEmptyOrUnderutilized", Duration.ofHours(100), budget("1")));
        List<StateNode> nodes = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            nodes.add(node(name, "default", "m5.xlarge", ON_DEMAND, List.of(pod("p-" + name, 3000, 10)), Map.of(),
                    new LaunchedWith("old-hash", "", "", "", Set.of()), LONG_AGO));
        }
        DisruptionDecision first = SPOTTER.plan(input(List.of(pool), nodes).nodePoolHashes(Map.of("default", "new-hash")).build());

        assertThat(first.commands()).hasSize(1);
        assertThat(first.commands().get(0).reason()).isEqualTo(Reason.DRIFTED);
        assertThat(first.commands().get(0).candidates()).hasSize(1);
        assertThat(first.commands().get(0).replacements()).hasSize(1);
        String replaced = first.commands().get(0).candidateNames().get(0);

        List<StateNode> next = new ArrayList<>();
        nodes.forEach(n -> next.add(n.name().equals(replaced) ? withDisrupting(n) : n));
        DisruptionDecision second = SPOTTER.plan(input(List.of(pool), next).nodePoolHashes(Map.of("default", "new-hash")).build());
        assertThat(second.commands()).isEmpty();
        assertThat(second.blocked()).extracting(BlockedCandidate::blocker).contains(BlockedCandidate.Blocker.BUDGET);

        DisruptionDecision unchanged = SPOTTER.plan(input(List.of(pool), nodes).nodePoolHashes(Map.of("default", "old-hash")).build());
        assertThat(unchanged.commands()).isEmpty();
    }

    @Test
    void amiChange_drifts() {
        NodePool pool = onDemandPool(disruption("WhenEmptyOrUnderutilized", Duration.ofHours(100), budget("100%")));
        StateNode launched = node("a", "default", "m5.xlarge", ON_DEMAND, List.of(pod("p", 3000, 10)), Map.of(),
                new LaunchedWith("", "", "ami-old", "", Set.of()), LONG_AGO);
        NodeClassStatus status = new NodeClassStatus("default", "", Set.of("ami-new"), Set.of(), Set.of());

        DisruptionDecision decision = SPOTTER.plan(input(List.of(pool), List.of(launched))
                .nodeClassStatus(Map.of("default", status)).build());

        assertThat(decision.commands()).hasSize(1);
        assertThat(decision.commands().get(0).reason()).isEqualTo(Reason.DRIFTED);
        NodeClassStatus same = new NodeClassStatus("default", "", Set.of("ami-old", "ami-new"), Set.of(), Set.of());
        assertThat(SPOTTER.plan(input(List.of(pool), List.of(launched)).nodeClassStatus(Map.of("default", same)).build())
                .commands()).isEmpty();
    }

    @Test
    void requirementChange_drifts() {
        NodePool pool = pool("default", disruption("WhenEmptyOrUnderutilized", Duration.ofHours(100), budget("100%")), null, null,
                Requirements.of(Requirement.in(WellKnownLabels.CAPACITY_TYPE, "on-demand"), Requirement.in(WellKnownLabels.INSTANCE_FAMILY, "c5")));
        StateNode m5 = node("a", "default", "m5.xlarge", ON_DEMAND, List.of(pod("p", 1000, 2)));
        DisruptionDecision decision = SPOTTER.plan(input(List.of(pool), List.of(m5)).build());
        assertThat(decision.commands()).extracting(DisruptionCommand::reason).containsExactly(Reason.DRIFTED);
    }

    @Test
    void antiChurn_refusesASmallSaving_andAWorkloadMovedWithinTheCooldown() {
        NodePool pool = onDemandPool(UNDERUTILIZED_NOW);
        StateNode a = node("a", "default", "m5.2xlarge", ON_DEMAND, List.of(pod("p1", 1500, 5)));
        StateNode b = node("b", "default", "m5.2xlarge", ON_DEMAND, List.of(pod("p2", 1500, 5)));
        DisruptionInput input = input(List.of(pool), List.of(a, b)).build();

        DisruptionSettings demanding = new DisruptionSettings(0.9, Duration.ofHours(1), Duration.ofMinutes(2), 0.001,
                Duration.ofMinutes(30), true, 5000);
        DisruptionDecision refused = DisruptionPlanner.spotter(demanding).plan(input);
        assertThat(refused.commands()).isEmpty();
        assertThat(refused.blocked()).extracting(BlockedCandidate::blocker).contains(BlockedCandidate.Blocker.ANTI_CHURN);

        DisruptionInput recentlyMoved = input(List.of(pool), List.of(a, b))
                .recentMoves(Map.of("default/ReplicaSet/rs-p1", NOW.minus(Duration.ofMinutes(10)))).build();
        DisruptionDecision cooling = SPOTTER.plan(recentlyMoved);
        assertThat(cooling.commands()).flatExtracting(DisruptionCommand::candidateNames).doesNotContain("a");
        assertThat(blocked(cooling).get("a").message()).contains("cool-down");
    }

    @Test
    void antiChurn_neverReplacesANodeByItsOwnInstanceType_evenWhereItIsCheaper() {
        NodePool pool = spotPool(UNDERUTILIZED_NOW);
        // m5.large spot costs 0.05 in the node's zone and 0.02 in another: the same type elsewhere would save 60%
        List<dev.spotter.catalog.InstanceType> types = new ArrayList<>();
        for (dev.spotter.catalog.InstanceType type : Clusters.TYPES) {
            if (!type.name().equals("m5.large")) {
                types.add(type);
                continue;
            }
            List<dev.spotter.catalog.Offering> offerings = new ArrayList<>();
            for (dev.spotter.catalog.Offering offering : type.offerings()) {
                offerings.add(offering.capacityType() != SPOT ? offering
                        : offering.withPrice(offering.zone().equals("us-east-1a") ? 0.05 : 0.02));
            }
            types.add(type.withOfferings(offerings));
        }
        StateNode node = node("a", "default", "m5.large", SPOT, List.of(pod("p", 1500, 6)));
        DisruptionDecision decision = SPOTTER.plan(input(List.of(pool), List.of(node)).instanceTypes(Map.of("default", types)).build());

        assertThat(decision.commands()).allSatisfy(command -> assertThat(command.replacements())
                .allSatisfy(r -> assertThat(r.instanceTypes()).doesNotContain("m5.large")));
        assertThat(decision.commands()).hasSize(1);
        assertThat(decision.commands().get(0).replacements().get(0).instanceTypes()).contains("r5.large");
    }

    @Test
    void validation_refusesACommandAfterAPodArrived_orAPdbTightened_andAcceptsAnUnchangedOne() {
        NodePool pool = onDemandPool(UNDERUTILIZED_NOW);
        StateNode idle = node("idle", "default", "m5.large", ON_DEMAND, List.of());
        DisruptionInput before = input(List.of(pool), List.of(idle)).build();
        DisruptionCommand empty = SPOTTER.plan(before).commands().get(0);

        assertThat(SPOTTER.validate(empty, before).valid()).isTrue();
        StateNode busy = node("idle", "default", "m5.large", ON_DEMAND, List.of(pod("arrived", 100, 1)));
        Validation arrived = SPOTTER.validate(empty, input(List.of(pool), List.of(busy)).build());
        assertThat(arrived.valid()).isFalse();
        assertThat(arrived.reason()).contains("no longer empty");

        StateNode a = node("a", "default", "m5.2xlarge", ON_DEMAND, List.of(pod("p1", 1500, 5).toBuilder().labels(Map.of("app", "x")).build()));
        StateNode b = node("b", "default", "m5.2xlarge", ON_DEMAND, List.of(pod("p2", 1500, 5)));
        DisruptionInput pair = input(List.of(pool), List.of(a, b)).build();
        DisruptionCommand merge = SPOTTER.plan(pair).commands().get(0);
        assertThat(SPOTTER.validate(merge, pair).valid()).isTrue();
        Validation tightened = SPOTTER.validate(merge, input(List.of(pool), List.of(a, b)).podDisruptionBudgets(List.of(
                new PodDisruptionBudget("default", "x", Requirements.fromLabels(Map.of("app", "x")), 0))).build());
        assertThat(tightened.valid()).isFalse();
        assertThat(tightened.reason()).contains("PodDisruptionBudget default/x");

        StateNode grown = node("b", "default", "m5.2xlarge", ON_DEMAND, List.of(pod("p2", 1500, 5), pod("p3", 1500, 6)));
        Validation noRoom = SPOTTER.validate(merge, input(List.of(pool), List.of(a, grown)).build());
        assertThat(noRoom.valid()).isFalse();
    }

    @Test
    void decisions_areDeterministic() {
        NodePool pool = pool("default", UNDERUTILIZED_NOW);
        List<StateNode> nodes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            nodes.add(node("n" + i, "default", i % 2 == 0 ? "m5.2xlarge" : "m5.xlarge", i % 3 == 0 ? SPOT : ON_DEMAND,
                    List.of(pod("p" + i, 500 + 100 * i, 1 + i % 4))));
        }
        DisruptionInput input = input(List.of(pool), nodes).build();
        assertThat(SPOTTER.plan(input)).isEqualTo(SPOTTER.plan(input));
        assertThat(KARPENTER.plan(input)).isEqualTo(KARPENTER.plan(input));
    }
}
