package dev.spotter.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequirementRestoreTest {

    private static Requirement roundTrip(Requirement original) {
        return Requirement.restore(original.key(), original.operator(), original.values(),
                original.greaterThan().isPresent() ? original.greaterThan().getAsLong() : null,
                original.lessThan().isPresent() ? original.lessThan().getAsLong() : null,
                original.minValues());
    }

    @Test
    void restore_whenGivenWhatARequirementReports_rebuildsEqualRequirement() {
        List<Requirement> originals = List.of(
                Requirement.in("karpenter.sh/capacity-type", "spot", "on-demand"),
                Requirement.of("node.kubernetes.io/instance-type", Operator.NOT_IN, List.of("t3.nano"), 3),
                Requirement.exists("karpenter.k8s.aws/instance-gpu-count"),
                Requirement.doesNotExist("example.com/forbidden"),
                Requirement.of("karpenter.k8s.aws/instance-cpu", Operator.GT, List.of("3")),
                Requirement.of("karpenter.k8s.aws/instance-cpu", Operator.LTE, List.of("64")),
                Requirement.of("karpenter.k8s.aws/instance-cpu", Operator.GTE, List.of("4"))
                        .intersect(Requirement.of("karpenter.k8s.aws/instance-cpu", Operator.NOT_IN, List.of("8", "100")))
                        .intersect(Requirement.of("karpenter.k8s.aws/instance-cpu", Operator.LT, List.of("64"))));

        for (Requirement original : originals) {
            Requirement restored = roundTrip(original);
            assertThat(restored).as(original.toString()).isEqualTo(original);
            assertThat(restored.has("16")).isEqualTo(original.has("16"));
        }
    }

    @Test
    void greaterThanAndLessThan_whenBounded_reportExclusiveBounds() {
        Requirement bounded = Requirement.of("cpu", Operator.GTE, List.of("4"))
                .intersect(Requirement.of("cpu", Operator.LTE, List.of("16")));

        assertThat(bounded.greaterThan()).hasValue(3);
        assertThat(bounded.lessThan()).hasValue(17);
        assertThat(Requirement.in("cpu", "4").greaterThan()).isEmpty();
    }

    @Test
    void restore_whenBoundsOnIn_throws() {
        assertThatThrownBy(() -> Requirement.restore("cpu", Operator.IN, Set.of("4"), 2L, null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpu");
    }
}
