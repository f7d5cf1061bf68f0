package dev.spotter.disruption;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodDisruptionBudget;
import dev.spotter.config.Disruption;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.scheduling.Fixtures;
import dev.spotter.scheduling.PlannedNodeClaim;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For random small clusters, neither strategy ever issues a command that violates a PDB, a do-not-disrupt annotation,
 * a budget or a NodePool limit, and every replacement holds the pods it is planned for.
 */
class DisruptionPropertiesTest {
    private static final List<String> TYPES = List.of("m5.large", "m5.xlarge", "m5.2xlarge", "c5.xlarge", "r5.large");
    private static final List<String> APPS = List.of("a", "b", "c");

    record Scenario(DisruptionInput input, NodePool pool, int allowed, long cpuLimitMillis) {
    }

    @Property(tries = 60)
    void noCommandViolatesAPdbABudgetOrALimit_andEveryReplacementHoldsItsPods(@ForAll("scenarios") Scenario scenario) {
        for (DisruptionPlanner planner : List.of(DisruptionPlanner.spotter(), DisruptionPlanner.karpenter())) {
            DisruptionDecision decision = planner.plan(scenario.input());
            int budgeted = 0;
            long cpuAfter = 0;
            Set<String> disrupted = new java.util.HashSet<>();
            for (DisruptionCommand command : decision.commands()) {
                if (command.reason().isBudgeted()) {
                    budgeted += command.candidates().size();
                }
                Map<String, Pod> moved = new HashMap<>();
                for (StateNode candidate : command.candidates()) {
                    disrupted.add(candidate.name());
                    assertThat(candidate.node().annotations()).doesNotContainEntry(WellKnownLabels.DO_NOT_DISRUPT_ANNOTATION, "true");
                    for (Pod pod : Pods.reschedulable(candidate.pods())) {
                        moved.put(pod.key(), pod);
                        assertThat(Pods.doNotDisrupt(pod, Clusters.NOW)).as(pod.key()).isFalse();
                        List<PodDisruptionBudget> guarding = scenario.input().podDisruptionBudgets().stream()
                                .filter(b -> b.guards(pod)).toList();
                        assertThat(guarding).as("PDBs of " + pod.key()).hasSizeLessThanOrEqualTo(1);
                        guarding.forEach(b -> assertThat(b.blocksEviction()).as(b.name()).isFalse());
                    }
                }
                assertThat(command.pods()).containsExactlyInAnyOrderElementsOf(moved.keySet());
                for (PlannedNodeClaim replacement : command.replacements()) {
                    assertThat(command.pods()).containsAll(replacement.pods());
                    Resources held = Resources.NONE;
                    for (String key : replacement.pods()) {
                        held = held.plus(moved.get(key).requests());
                    }
                    assertThat(replacement.instanceTypes()).isNotEmpty();
                    long maxCpu = 0;
                    for (String typeName : replacement.instanceTypes()) {
                        InstanceType type = Clusters.type(typeName);
                        assertThat(held.fitsIn(type.allocatable())).as(typeName + " holds " + replacement.pods()).isTrue();
                        maxCpu = Math.max(maxCpu, type.capacity().get(Resources.CPU));
                    }
                    cpuAfter += maxCpu;
                }
                if (command.reason() == Reason.UNDERUTILIZED) {
                    assertThat(command.savingsPerHour()).isPositive();
                }
            }
            assertThat(budgeted).as(planner.name() + " budget").isLessThanOrEqualTo(scenario.allowed());
            for (StateNode node : scenario.input().nodes()) {
                if (!disrupted.contains(node.name())) {
                    cpuAfter += node.node().capacity().get(Resources.CPU);
                }
            }
            assertThat(cpuAfter).as(planner.name() + " cpu after vs limit").isLessThanOrEqualTo(scenario.cpuLimitMillis());
            assertThat(decision.hourlyCostAfter()).isLessThanOrEqualTo(decision.hourlyCostBefore() + 1e-9);
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<List<NodeSpec>> nodes = nodeSpec().list().ofMinSize(1).ofMaxSize(7);
        Arbitrary<String> budget = Arbitraries.of("0", "1", "2", "10%", "50%", "100%");
        Arbitrary<List<Integer>> pdbAllowed = Arbitraries.integers().between(-1, 2).list().ofSize(APPS.size());
        Arbitrary<Boolean> overlappingPdb = Arbitraries.of(true, false);
        Arbitrary<Integer> limitSlack = Arbitraries.integers().between(0, 16);
        return Combinators.combine(nodes, budget, pdbAllowed, overlappingPdb, limitSlack).as(DisruptionPropertiesTest::scenario);
    }

    record NodeSpec(String type, boolean spot, List<int[]> pods, boolean doNotDisrupt, boolean podDoNotDisrupt) {
    }

    private Arbitrary<NodeSpec> nodeSpec() {
        Arbitrary<int[]> pod = Combinators.combine(Arbitraries.of(250, 500, 1000, 1500), Arbitraries.of(1, 2, 3),
                Arbitraries.integers().between(0, APPS.size() - 1)).as((cpu, mem, app) -> new int[]{cpu, mem, app});
        return Combinators.combine(Arbitraries.of(TYPES), Arbitraries.of(true, false), pod.list().ofMaxSize(3),
                Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 9))
                .as((type, spot, pods, dnd, podDnd) -> new NodeSpec(type, spot, pods, dnd == 0, podDnd == 0));
    }

    private static Scenario scenario(List<NodeSpec> specs, String budget, List<Integer> pdbAllowed, boolean overlapping, int slack) {
        List<StateNode> nodes = new ArrayList<>();
        long cpu = 0;
        int podIndex = 0;
        for (int i = 0; i < specs.size(); i++) {
            NodeSpec spec = specs.get(i);
            InstanceType type = Clusters.type(spec.type());
            List<Pod> pods = new ArrayList<>();
            Resources used = Resources.NONE;
            for (int[] p : spec.pods()) {
                Pod pod = Clusters.pod("p" + podIndex++, p[0], p[1]).toBuilder().labels(Map.of("app", APPS.get(p[2]))).build();
                if (spec.podDoNotDisrupt() && pods.isEmpty()) {
                    pod = pod.toBuilder().annotations(Map.of(WellKnownLabels.DO_NOT_DISRUPT_ANNOTATION, "true")).build();
                }
                if (used.plus(pod.requests()).fitsIn(type.allocatable())) {
                    used = used.plus(pod.requests());
                    pods.add(pod);
                }
            }
            Map<String, String> annotations = spec.doNotDisrupt() ? Map.of(WellKnownLabels.DO_NOT_DISRUPT_ANNOTATION, "true") : Map.of();
            nodes.add(Clusters.node("n" + i, "default", spec.type(), spec.spot() ? CapacityType.SPOT : CapacityType.ON_DEMAND, pods,
                    annotations, LaunchedWith.UNKNOWN, Clusters.LONG_AGO));
            cpu += type.capacity().get(Resources.CPU);
        }
        long limit = cpu + slack * 1000L;
        NodePool pool = new NodePool("default", "default", Map.of(), Map.of(), Requirements.of(Fixtures.spotAndOnDemand()), List.of(),
                List.of(), null, null, new Disruption("WhenEmptyOrUnderutilized", Duration.ZERO, List.of(Clusters.budget(budget))),
                Resources.builder().cpuMillis(limit).build(), 0);
        List<PodDisruptionBudget> pdbs = new ArrayList<>();
        for (int i = 0; i < APPS.size(); i++) {
            if (pdbAllowed.get(i) >= 0) {
                pdbs.add(new PodDisruptionBudget("default", "pdb-" + APPS.get(i), Requirements.fromLabels(Map.of("app", APPS.get(i))),
                        pdbAllowed.get(i)));
            }
        }
        if (overlapping) {
            pdbs.add(new PodDisruptionBudget("default", "pdb-a-again", Requirements.fromLabels(Map.of("app", "a")), 3));
        }
        int allowed = Budgets.nodes(budget, nodes.size(), pool);
        DisruptionInput input = Clusters.input(List.of(pool), nodes).podDisruptionBudgets(pdbs).build();
        return new Scenario(input, pool, allowed, limit);
    }
}
