package dev.spotter.disruption;

/**
 * Decides which nodes to disrupt, from a snapshot, as values (pure and deterministic: the same input gives an equal
 * decision). Methods run in Karpenter's order — emptiness, drift, multi-node consolidation, single-node consolidation —
 * with expiration beside them (forceful, not budgeted). Two strategies share the candidate, budget and drift rules and
 * differ in consolidation: {@link #spotter()} re-plans all candidates' pods together with the cost-optimising placement
 * engine and takes the moves with the best savings per disrupted pod under the anti-churn rule; {@link #karpenter()}
 * is Karpenter v1's (candidates sorted by disruption cost, a binary search over the first 100 for multi-node, then one
 * node at a time, first-fit-decreasing placement, spot-to-spot off).
 */
public interface DisruptionPlanner {
    String SPOTTER = "spotter";
    String KARPENTER = "karpenter";

    /** "spotter" or "karpenter". */
    String name();

    DisruptionDecision plan(DisruptionInput input);

    /** Checks a command computed earlier against a fresh snapshot before it is executed. */
    Validation validate(DisruptionCommand command, DisruptionInput fresh);

    static DisruptionPlanner spotter() {
        return spotter(DisruptionSettings.DEFAULT);
    }

    static DisruptionPlanner spotter(DisruptionSettings settings) {
        return new SpotterDisruption(settings);
    }

    static DisruptionPlanner karpenter() {
        return new KarpenterDisruption();
    }

    /** The planner named "spotter" or "karpenter". */
    static DisruptionPlanner named(String name) {
        if (SPOTTER.equals(name)) {
            return spotter();
        }
        if (KARPENTER.equals(name)) {
            return karpenter();
        }
        throw new IllegalArgumentException("unknown disruption strategy '" + name + "' (expected spotter or karpenter)");
    }
}
