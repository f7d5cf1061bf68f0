package dev.spotter.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default strategy. Pending pods go first onto existing nodes and in-flight claims (as with Karpenter), then the
 * {@link PackingDesigner} opens nodes choosing for each the instance type with the lowest price per packed demand,
 * pods it could not commit are placed Karpenter's way, pods that fit nowhere are relaxed one preference and retried,
 * and finally {@link LocalSearch} empties and merges claims within a fixed move budget. Every placement goes through the
 * same feasibility checks as {@link FirstFitDecreasing}; the result depends only on the input (no clock, no randomness).
 *
 * <p>Greedy packing is not always cheaper than Karpenter's first fit (it can lose at the tail of a batch, or when
 * NodePool limits bind and the two place different pods). So for batches of up to {@code baselineLimit} pods it also
 * computes the {@link FirstFitDecreasing} plan and returns whichever places more pods, then costs less: the default
 * strategy is never worse than Karpenter on those batches. Larger batches use packing alone, to stay fast.
 */
public final class CostOptimizing implements PlacementStrategy {
    /** Moves the local search may try; a count, not a time, so plans do not depend on the machine's speed. */
    public static final int DEFAULT_SEARCH_BUDGET = 50_000;
    /** Batches up to this many pending pods are also planned with FFD, keeping the better plan. */
    public static final int DEFAULT_BASELINE_LIMIT = 2_000;

    private final int searchBudget;
    private final int baselineLimit;

    public CostOptimizing() {
        this(DEFAULT_SEARCH_BUDGET, DEFAULT_BASELINE_LIMIT);
    }

    /**
     * @param searchBudget  how many pod moves the local search may try (0: none)
     * @param baselineLimit up to how many pending pods FFD is also computed and kept when better (0: never)
     */
    public CostOptimizing(int searchBudget, int baselineLimit) {
        if (searchBudget < 0 || baselineLimit < 0) {
            throw new IllegalArgumentException("search budget and baseline limit must not be negative, got " + searchBudget
                    + " and " + baselineLimit);
        }
        this.searchBudget = searchBudget;
        this.baselineLimit = baselineLimit;
    }

    @Override
    public String name() {
        return "cost";
    }

    @Override
    public Plan plan(SchedulingInput input) {
        Problem problem = Problem.compile(input);
        Plan packed = pack(problem);
        if (problem.pods.size() > baselineLimit) {
            return packed;
        }
        Plan karpenter = new FirstFitDecreasing().plan(input);
        boolean karpenterBetter = karpenter.placedPodCount() > packed.placedPodCount()
                || (karpenter.placedPodCount() == packed.placedPodCount() && karpenter.hourlyCost() < packed.hourlyCost() - 1e-9);
        if (!karpenterBetter) {
            return packed;
        }
        return new Plan(karpenter.nodeClaims(), karpenter.nodePlacements(), karpenter.inFlightPlacements(), karpenter.unschedulable(),
                karpenter.hourlyCost(), name());
    }

    private Plan pack(Problem problem) {
        SchedulingState state = new SchedulingState(problem);
        Map<PodModel, String> errors = new LinkedHashMap<>();
        Map<PodModel, Integer> levels = new HashMap<>();
        List<PodModel> pending = new ArrayList<>(problem.pods);
        pending.sort(Placement.KARPENTER_ORDER);
        while (!pending.isEmpty()) {
            Map<PodModel, Variant> variants = new HashMap<>();
            List<PodModel> forNewClaims = new ArrayList<>();
            for (PodModel pod : pending) {
                Variant variant = problem.variant(pod.podClass, levels.getOrDefault(pod, 0));
                variants.put(pod, variant);
                if (!Placement.onExistingCapacity(state, pod, variant)) {
                    forNewClaims.add(pod);
                }
            }
            List<PodModel> leftovers = new PackingDesigner(state).place(forNewClaims, variants);
            leftovers.sort(Placement.KARPENTER_ORDER);
            List<PodModel> retry = new ArrayList<>();
            for (PodModel pod : leftovers) {
                String reason = placeAnywhere(state, pod, variants.get(pod));
                if (reason == null) {
                    continue;
                }
                int level = levels.getOrDefault(pod, 0);
                if (level < pod.podClass.maxLevel) {
                    levels.put(pod, level + 1);
                    retry.add(pod);
                } else {
                    errors.put(pod, reason);
                }
            }
            pending = retry;
        }
        retryFailed(state, errors, levels);
        new LocalSearch(state, searchBudget).improve();
        state.compactClaims();
        return PlanAssembler.assemble(state, errors, name());
    }

    /** Karpenter's add: existing capacity, then an open claim (fewest pods first), then a new claim. */
    private static String placeAnywhere(SchedulingState state, PodModel pod, Variant variant) {
        if (Placement.onExistingCapacity(state, pod, variant)) {
            return null;
        }
        List<ClaimTarget> open = new ArrayList<>(state.claims);
        open.removeIf(c -> c.removed);
        open.sort(Comparator.comparingInt(c -> c.pods.size()));
        for (ClaimTarget claim : open) {
            if (state.tryClaim(claim, pod, variant) == null) {
                return null;
            }
        }
        return Placement.onNewClaim(state, pod, variant);
    }

    /** Pods that failed before others were placed may fit now (affinity to a pod placed later), as Karpenter's queue retries. */
    private static void retryFailed(SchedulingState state, Map<PodModel, String> errors, Map<PodModel, Integer> levels) {
        boolean progress = !errors.isEmpty();
        while (progress) {
            progress = false;
            for (PodModel pod : new ArrayList<>(errors.keySet())) {
                for (int level = 0; level <= pod.podClass.maxLevel; level++) {
                    if (placeAnywhere(state, pod, state.problem.variant(pod.podClass, level)) == null) {
                        errors.remove(pod);
                        progress = true;
                        break;
                    }
                }
            }
        }
    }
}
