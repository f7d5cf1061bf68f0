package dev.spotter.disruption;

import dev.spotter.cluster.Pod;
import dev.spotter.config.NodePool;
import dev.spotter.scheduling.PlacementStrategy;
import dev.spotter.scheduling.PlannedNodeClaim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A disruption planner as a sequence of methods run on one planning state (each sees the commands of the ones before
 * it), and the validation of a command on a fresh snapshot.
 */
class PipelinePlanner implements DisruptionPlanner {
    private final String name;
    private final DisruptionSettings settings;
    private final PlacementStrategy strategy;
    private final List<Method> methods;

    PipelinePlanner(String name, DisruptionSettings settings, PlacementStrategy strategy, List<Method> methods) {
        this.name = name;
        this.settings = settings;
        this.strategy = strategy;
        this.methods = List.copyOf(methods);
    }

    @Override
    public String name() {
        return name;
    }

    DisruptionSettings settings() {
        return settings;
    }

    @Override
    public DisruptionDecision plan(DisruptionInput input) {
        PlanningState state = new PlanningState(input, settings);
        for (Method method : methods) {
            method.compute(state);
        }
        return state.decision(name);
    }

    /**
     * Karpenter's validation: every candidate still exists, is not being disrupted, is still a candidate for the
     * command's reason (not blocked, still empty or drifted, consolidateAfter still elapsed), the budgets still allow
     * the command, and the candidates' pods (as they are now) all fit on the remaining nodes and the command's
     * replacements without any further NodeClaim. Forceful commands skip the candidate and budget checks.
     */
    @Override
    public Validation validate(DisruptionCommand command, DisruptionInput fresh) {
        PlanningState state = new PlanningState(fresh, settings);
        Map<String, StateNode> byName = new HashMap<>();
        fresh.nodes().forEach(n -> byName.put(n.name(), n));
        List<Candidate> candidates = new ArrayList<>();
        Map<String, Integer> perPool = new HashMap<>();
        for (StateNode original : command.candidates()) {
            StateNode node = byName.get(original.name());
            if (node == null) {
                return Validation.invalid("node " + original.name() + " is gone");
            }
            if (!state.live(node)) {
                return Validation.invalid("node " + node.name() + " is already being disrupted");
            }
            if (!command.forceful()) {
                if (!state.eligible(node)) {
                    return Validation.invalid("node " + node.name() + " is not ready or is being disrupted");
                }
                NodePool pool = state.pool(node.nodePool()).orElseThrow();
                boolean skipPodChecks = command.reason() == Reason.DRIFTED && pool.terminationGracePeriod() != null;
                Optional<BlockedCandidate> blocked = state.blocker(node, skipPodChecks);
                if (blocked.isEmpty() && (command.reason() == Reason.EMPTY || command.reason() == Reason.UNDERUTILIZED)) {
                    blocked = state.consolidateAfterBlocker(node, pool);
                }
                if (blocked.isPresent()) {
                    return Validation.invalid(blocked.get().message());
                }
                if (command.reason() == Reason.EMPTY && !state.candidate(node).isEmpty()) {
                    return Validation.invalid("node " + node.name() + " is no longer empty");
                }
                if (command.reason() == Reason.DRIFTED && DriftCheck.drift(node, pool, fresh).isEmpty()) {
                    return Validation.invalid("node " + node.name() + " is no longer drifted");
                }
                perPool.merge(pool.name(), 1, Integer::sum);
            }
            candidates.add(state.candidate(node));
        }
        for (Map.Entry<String, Integer> entry : perPool.entrySet()) {
            if (entry.getValue() > state.budgets().allowed(entry.getKey(), command.reason())) {
                return Validation.invalid(state.budgets().describe(entry.getKey(), command.reason()));
            }
        }
        Map<String, Pod> pods = new HashMap<>();
        candidates.forEach(c -> c.reschedulable().forEach(p -> pods.put(p.key(), p.toBuilder().nodeName("").build())));
        if (pods.isEmpty()) {
            return Validation.VALID;
        }
        Set<String> planned = new HashSet<>();
        for (PlannedNodeClaim replacement : command.replacements()) {
            List<Pod> held = new ArrayList<>();
            replacement.pods().forEach(key -> Optional.ofNullable(pods.get(key)).ifPresent(held::add));
            planned.addAll(replacement.pods());
            state.addReplacement(replacement, held);
        }
        Simulation.Result result = Simulation.run(state, candidates, strategy);
        if (!result.unplaceable().isEmpty()) {
            return Validation.invalid(result.unplaceable().values().iterator().next());
        }
        for (Move move : result.moves()) {
            if (!move.replacements().isEmpty()) {
                return Validation.invalid("the pods of " + String.join(", ", move.candidates().stream().map(Candidate::name).toList())
                        + " no longer fit the command's replacements and the remaining nodes");
            }
        }
        return Validation.VALID;
    }
}
