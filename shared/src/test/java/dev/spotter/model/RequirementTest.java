package dev.spotter.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequirementTest {
    private static Requirement req(Operator operator, String... values) {
        return Requirement.of("k", operator, List.of(values));
    }

    @Test
    void intersect_whenTwoIns_keepsCommonValues() {
        Requirement result = req(Operator.IN, "a", "b", "c").intersect(req(Operator.IN, "b", "c", "d"));

        assertThat(result.operator()).isEqualTo(Operator.IN);
        assertThat(result.values()).containsExactly("b", "c");
    }

    @Test
    void intersect_whenInAndNotIn_removesExcluded() {
        Requirement result = req(Operator.IN, "a", "b").intersect(req(Operator.NOT_IN, "b"));

        assertThat(result.operator()).isEqualTo(Operator.IN);
        assertThat(result.values()).containsExactly("a");
    }

    @Test
    void intersect_whenTwoNotIns_excludesBoth() {
        Requirement result = req(Operator.NOT_IN, "a").intersect(req(Operator.NOT_IN, "b"));

        assertThat(result.operator()).isEqualTo(Operator.NOT_IN);
        assertThat(result.values()).containsExactly("a", "b");
        assertThat(result.has("c")).isTrue();
        assertThat(result.allowsAbsent()).isTrue();
    }

    @Test
    void intersect_whenExistsAndIn_isTheIn() {
        assertThat(req(Operator.EXISTS).intersect(req(Operator.IN, "a"))).isEqualTo(req(Operator.IN, "a"));
    }

    @Test
    void intersect_whenDoesNotExistAndIn_isEmpty() {
        Requirement result = req(Operator.DOES_NOT_EXIST).intersect(req(Operator.IN, "a"));

        assertThat(result.isEmptySet()).isTrue();
        assertThat(result.operator()).isEqualTo(Operator.DOES_NOT_EXIST);
    }

    @Test
    void intersect_whenExistsAndDoesNotExist_isEmpty() {
        assertThat(req(Operator.EXISTS).intersect(req(Operator.DOES_NOT_EXIST)).isEmptySet()).isTrue();
    }

    @Test
    void intersect_whenGtAndIn_keepsLargerIntegers() {
        Requirement result = req(Operator.GT, "5").intersect(req(Operator.IN, "3", "5", "6", "10", "x"));

        assertThat(result.values()).containsExactly("10", "6");
    }

    @Test
    void intersect_whenGtAndLt_keepsTheOpenInterval() {
        Requirement between = req(Operator.GT, "2").intersect(req(Operator.LT, "5"));

        assertThat(between.has("3")).isTrue();
        assertThat(between.has("4")).isTrue();
        assertThat(between.has("2")).isFalse();
        assertThat(between.has("5")).isFalse();
        assertThat(between.has("abc")).isFalse();
        assertThat(between.operator()).isEqualTo(Operator.EXISTS);
    }

    @Test
    void intersect_whenBoundsLeaveNoInteger_isEmpty() {
        assertThat(req(Operator.GT, "5").intersect(req(Operator.LT, "6")).isEmptySet()).isTrue();
        assertThat(req(Operator.GT, "9").intersect(req(Operator.LT, "3")).isEmptySet()).isTrue();
    }

    @Test
    void of_whenGteAndLte_includeTheBound() {
        Requirement gte = req(Operator.GTE, "4");
        Requirement lte = req(Operator.LTE, "4");

        assertThat(gte.has("4")).isTrue();
        assertThat(gte.has("3")).isFalse();
        assertThat(lte.has("4")).isTrue();
        assertThat(lte.has("5")).isFalse();
        assertThat(gte.intersect(lte).has("4")).isTrue();
        assertThat(gte.intersect(lte).has("5")).isFalse();
    }

    @Test
    void intersect_whenMinValuesDiffer_keepsTheLarger() {
        Requirement a = Requirement.of("k", Operator.IN, List.of("a", "b", "c"), 2);
        Requirement b = Requirement.of("k", Operator.EXISTS, List.of(), 3);

        assertThat(a.intersect(b).minValues()).isEqualTo(3);
        assertThat(b.intersect(a).minValues()).isEqualTo(3);
    }

    @Test
    void of_whenGtWithoutSingleInteger_throws() {
        assertThatThrownBy(() -> req(Operator.GT, "1", "2")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one value");
        assertThatThrownBy(() -> req(Operator.LT, "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs an integer");
    }

    @Test
    void allowsAbsent_whenNotInOrDoesNotExist_isTrue() {
        assertThat(req(Operator.NOT_IN, "a").allowsAbsent()).isTrue();
        assertThat(req(Operator.DOES_NOT_EXIST).allowsAbsent()).isTrue();
        assertThat(req(Operator.IN, "a").allowsAbsent()).isFalse();
        assertThat(req(Operator.EXISTS).allowsAbsent()).isFalse();
    }

    @Test
    void operator_whenBuilt_reportsKarpentersOperator() {
        assertThat(req(Operator.IN, "a").operator()).isEqualTo(Operator.IN);
        assertThat(req(Operator.NOT_IN, "a").operator()).isEqualTo(Operator.NOT_IN);
        assertThat(req(Operator.EXISTS).operator()).isEqualTo(Operator.EXISTS);
        assertThat(req(Operator.DOES_NOT_EXIST).operator()).isEqualTo(Operator.DOES_NOT_EXIST);
        // bounds read as Exists, as Karpenter reports Gt/Lt requirements
        assertThat(req(Operator.GT, "1").operator()).isEqualTo(Operator.EXISTS);
    }

    @Test
    void fromYaml_whenUnknown_throwsNamingIt() {
        assertThat(Operator.fromYaml("NotIn")).isEqualTo(Operator.NOT_IN);
        assertThatThrownBy(() -> Operator.fromYaml("Equals")).hasMessageContaining("unknown operator 'Equals'");
    }
}
