package dev.spotter.scheduling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Karpenter's algorithm, kept faithful as the comparison baseline (scheduler.go, queue.go, nodeclaim.go): pods by
 * cpu then memory descending; each pod first onto an existing node or in-flight claim, then onto the open claim with
 * the fewest pods that takes it (a claim keeps every instance type that still fits all its pods), else a new claim in
 * the first NodePool by weight that takes it. A pod that fits nowhere is relaxed one preference at a time; pods that
 * failed are retried while the queue makes progress. Each claim costs its cheapest remaining candidate.
 */
public final class FirstFitDecreasing implements PlacementStrategy {
    @Override
    public String name() {
        return "ffd";
    }

    @Override
    public Plan plan(SchedulingInput input) {
        Problem problem = Problem.compile(input);
        SchedulingState state = new SchedulingState(problem);
        Map<PodModel, String> errors = new LinkedHashMap<>();
        List<PodModel> sorted = new ArrayList<>(problem.pods);
        sorted.sort(Placement.KARPENTER_ORDER);
        ArrayDeque<PodModel> queue = new ArrayDeque<>(sorted);
        int[] lastLength = new int[problem.pods.size()];
        Arrays.fill(lastLength, -1);
        List<ClaimTarget> byPodCount = new ArrayList<>();
        while (!queue.isEmpty()) {
            PodModel pod = queue.peekFirst();
            // cycled through every queued pod without progress: stop (Karpenter's Queue.Pop)
            if (lastLength[pod.index] == queue.size()) {
                break;
            }
            queue.pollFirst();
            String reason = schedule(state, pod, byPodCount);
            if (reason == null) {
                errors.remove(pod);
            } else {
                errors.put(pod, reason);
                queue.addLast(pod);
                lastLength[pod.index] = queue.size();
            }
        }
        state.compactClaims();
        return PlanAssembler.assemble(state, errors, name());
    }

    /** Karpenter's trySchedule: add, and on failure relax one preference and add again, until nothing is left to relax. */
    private static String schedule(SchedulingState state, PodModel pod, List<ClaimTarget> byPodCount) {
        for (int level = 0; ; level++) {
            Variant variant = state.problem.variant(pod.podClass, level);
            String reason = add(state, pod, variant, byPodCount);
            if (reason == null || level == pod.podClass.maxLevel) {
                return reason;
            }
        }
    }

    private static String add(SchedulingState state, PodModel pod, Variant variant, List<ClaimTarget> byPodCount) {
        if (Placement.onExistingCapacity(state, pod, variant)) {
            return null;
        }
        // scheduler.go sorts the new claims by how many pods they hold before trying them
        byPodCount.sort(Comparator.comparingInt(c -> c.pods.size()));
        for (ClaimTarget claim : byPodCount) {
            if (state.tryClaim(claim, pod, variant) == null) {
                return null;
            }
        }
        int before = state.claims.size();
        String reason = Placement.onNewClaim(state, pod, variant);
        if (reason == null && state.claims.size() > before) {
            byPodCount.add(state.claims.get(state.claims.size() - 1));
        }
        return reason;
    }
}
