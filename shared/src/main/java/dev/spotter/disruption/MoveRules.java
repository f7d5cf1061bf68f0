package dev.spotter.disruption;

import dev.spotter.catalog.CapacityType;
import dev.spotter.cluster.Pod;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.scheduling.PlannedNodeClaim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a consolidation move is worth making, and at what price. A replacement must be strictly cheaper than its
 * candidates at its worst launch price: each replacement keeps only the instance types whose highest available
 * offering price (in its capacity type and zones) fits, and is priced at the highest of those. On top, the anti-churn
 * rule of {@link DisruptionSettings}: a move saves at least {@code minSavingsShare} of its candidates' price, its one-off
 * cost (the replacements' price over {@code replacementBootTime} plus {@code evictionCostPerPod} per moved pod) is paid
 * back within {@code paybackHorizon}, a single node is never replaced by its own instance type, and no moved workload
 * was moved within {@code cooldown}. Without {@code spotToSpot}, spot candidates are never replaced by spot.
 */
final class MoveRules {
    private static final double EPSILON = 1e-9;
    /** The smallest saving that counts as strictly cheaper ($/h). */
    private static final double MIN_SAVING = 1e-6;

    private MoveRules() {
    }

    /** The verdict on a move: the move repriced, or why it is refused (blocker null: simply not cheaper). */
    record Verdict(Move move, Move refusedMove, BlockedCandidate.Blocker blocker, String reason) {
        boolean accepted() {
            return move != null;
        }
    }

    static Verdict evaluate(Move move, PlanningState state) {
        DisruptionSettings settings = state.settings();
        double candidatesPrice = move.candidatesPrice();
        Instant now = state.now();
        if (!settings.cooldown().isZero()) {
            for (Candidate candidate : move.candidates()) {
                for (Pod pod : candidate.reschedulable()) {
                    Instant last = state.input().recentMoves().get(Workloads.key(pod));
                    if (last != null && last.plus(settings.cooldown()).isAfter(now)) {
                        return new Verdict(null, move, BlockedCandidate.Blocker.ANTI_CHURN, "workload " + Workloads.key(pod)
                                + " was moved at " + last + ", within the cool-down of " + settings.cooldown().toMinutes() + "m");
                    }
                }
            }
        }
        if (!settings.spotToSpot() && !move.replacements().isEmpty()
                && move.candidates().stream().allMatch(Candidate::isSpot)
                && move.replacements().stream().anyMatch(r -> r.capacityType() == CapacityType.SPOT)) {
            return new Verdict(null, move, null, "spot-to-spot consolidation is disabled");
        }
        double bootHours = settings.replacementBootTime().toMillis() / 3_600_000.0;
        double horizonHours = settings.paybackHorizon().toMillis() / 3_600_000.0;
        int k = move.replacements().size();
        List<List<String>> options = new ArrayList<>();
        List<double[]> worst = new ArrayList<>();
        double cheapestSum = 0;
        for (PlannedNodeClaim replacement : move.replacements()) {
            List<String> types = new ArrayList<>();
            List<Double> prices = new ArrayList<>();
            // Karpenter's filterOutSameType: if a candidate's own type is among the options, the replacement must be
            // cheaper than that candidate, or keeping it (and deleting the others) disrupts fewer pods
            double sameTypeCap = Double.POSITIVE_INFINITY;
            for (Candidate candidate : move.candidates()) {
                if (replacement.instanceTypes().contains(candidate.instanceType())) {
                    sameTypeCap = Math.min(sameTypeCap, candidate.price());
                }
            }
            for (String type : replacement.instanceTypes()) {
                if (move.candidates().size() == 1 && type.equals(move.candidates().get(0).instanceType())) {
                    continue;
                }
                double price = state.worstLaunchPrice(replacement.nodeClass(), type, replacement.capacityType(), replacement.zones());
                if (!Double.isNaN(price) && price < sameTypeCap - EPSILON) {
                    types.add(type);
                    prices.add(price);
                }
            }
            if (types.isEmpty()) {
                return new Verdict(null, move, null, "no replacement type is cheaper than the candidates of its own type");
            }
            double min = prices.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            cheapestSum += min;
            options.add(types);
            worst.add(prices.stream().mapToDouble(Double::doubleValue).toArray());
        }
        double oneOff = cheapestSum * bootHours + settings.evictionCostPerPod() * move.pods().size();
        double required = Math.max(MIN_SAVING, settings.minSavingsShare() * candidatesPrice);
        if (horizonHours > 0) {
            required = Math.max(required, oneOff / horizonHours);
        }
        double slack = candidatesPrice - required - cheapestSum;
        if (slack < -EPSILON) {
            if (candidatesPrice - cheapestSum > MIN_SAVING) {
                return new Verdict(null, move, BlockedCandidate.Blocker.ANTI_CHURN, String.format(java.util.Locale.ROOT,
                        "saves $%.4f/h of $%.4f/h, less than the %.4f/h the anti-churn rule requires (%.0f%% share, payback within %s)",
                        candidatesPrice - cheapestSum, candidatesPrice, required, settings.minSavingsShare() * 100,
                        settings.paybackHorizon()));
            }
            return new Verdict(null, move, null, "no cheaper replacement");
        }
        slack = Math.max(0, slack);
        List<PlannedNodeClaim> priced = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            PlannedNodeClaim replacement = move.replacements().get(i);
            double[] prices = worst.get(i);
            double min = java.util.Arrays.stream(prices).min().orElseThrow();
            double bound = min + slack / k + EPSILON * EPSILON;
            List<String> kept = new ArrayList<>();
            double price = 0;
            for (int j = 0; j < prices.length; j++) {
                if (prices[j] <= bound) {
                    kept.add(options.get(i).get(j));
                    price = Math.max(price, prices[j]);
                }
            }
            priced.add(new PlannedNodeClaim(replacement.name(), replacement.nodePool(), replacement.nodeClass(),
                    replacement.capacityType(), kept, replacement.zones(),
                    replacement.requirements().and(Requirement.of(WellKnownLabels.INSTANCE_TYPE, Operator.IN, kept)), replacement.pods(),
                    replacement.requests(), price));
        }
        return new Verdict(move.withReplacements(priced), null, null, "");
    }
}
