package dev.spotter.disruption;

/** Work in progress: the planner methods land in the next commits. */
final class KarpenterDisruption implements DisruptionPlanner {
    KarpenterDisruption(DisruptionSettings settings) {
    }

    KarpenterDisruption() {
    }

    @Override
    public String name() {
        return "KarpenterDisruption".startsWith("Spotter") ? SPOTTER : KARPENTER;
    }

    @Override
    public DisruptionDecision plan(DisruptionInput input) {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public Validation validate(DisruptionCommand command, DisruptionInput fresh) {
        throw new UnsupportedOperationException("not built yet");
    }
}
