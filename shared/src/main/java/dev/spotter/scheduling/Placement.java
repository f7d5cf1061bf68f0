package dev.spotter.scheduling;

import dev.spotter.model.Resources;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Placement steps both strategies use: Karpenter's pod order, existing capacity first, a new claim per NodePool. */
final class Placement {
    private Placement() {
    }

    /** Karpenter's byCPUAndMemoryDescending: cpu, then memory, descending; then older first, then by uid (and key). */
    static final Comparator<PodModel> KARPENTER_ORDER = Comparator
            .comparingLong((PodModel p) -> -p.pod.requests().get(Resources.CPU))
            .thenComparingLong(p -> -p.pod.requests().get(Resources.MEMORY))
            .thenComparing(p -> p.pod.createdAt(), Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparing(p -> p.pod.uid() == null ? "" : p.pod.uid())
            .thenComparing(p -> p.key);

    /** Tries the existing nodes, then in-flight claims, in order. */
    static boolean onExistingCapacity(SchedulingState state, PodModel pod, Variant variant) {
        for (NodeTarget target : state.problem.nodeTargets) {
            if (state.tryNode(target, pod, variant) == null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Karpenter's new-claim step: the NodePools by weight, each with its types that fit its remaining limits; the
     * first that takes the pod wins. Returns null on success, else every NodePool's reason.
     */
    static String onNewClaim(SchedulingState state, PodModel pod, Variant variant) {
        if (variant.unsupported != null) {
            return variant.unsupported;
        }
        if (state.problem.pools.isEmpty()) {
            return "no NodePool is defined";
        }
        List<String> reasons = new ArrayList<>();
        for (PoolModel pool : state.problem.pools) {
            PoolFit fit = variant.fits[pool.index];
            if (fit == null) {
                reasons.add("nodepool \"" + pool.name + "\": " + variant.poolReasons[pool.index]);
                continue;
            }
            long[] remaining = state.remainingLimits(pool);
            ClaimTarget claim = SchedulingState.exhausted(remaining) ? null : state.openClaim(pool, fit.zoneMask, fit.capacityTypes, remaining);
            if (claim == null) {
                reasons.add("nodepool \"" + pool.name + "\": all available instance types exceed its limits");
                continue;
            }
            String reason = state.tryClaim(claim, pod, variant);
            if (reason == null) {
                return null;
            }
            state.discard(claim);
            reasons.add("nodepool \"" + pool.name + "\": " + reason);
        }
        return "incompatible with " + String.join("; ", reasons);
    }
}
