package dev.spotter.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the requirement algebra over a small universe of label values. */
class RequirementPropertiesTest {
    private static final List<String> UNIVERSE = List.of("a", "b", "c", "0", "1", "2", "3", "5", "8", "13");

    @Provide
    Arbitrary<Requirement> requirements() {
        Arbitrary<Operator> operators = Arbitraries.of(Operator.class);
        Arbitrary<List<String>> values = Arbitraries.of(UNIVERSE).list().ofMinSize(1).ofMaxSize(4).uniqueElements();
        Arbitrary<String> numbers = Arbitraries.of("0", "1", "2", "3", "5", "8", "13");
        Arbitrary<Integer> minValues = Arbitraries.integers().between(0, 3);
        return Combinators.combine(operators, values, numbers, minValues).as((operator, list, number, min) -> switch (operator) {
            case IN, NOT_IN -> Requirement.of("k", operator, list, min);
            case EXISTS, DOES_NOT_EXIST -> Requirement.of("k", operator, List.of(), min);
            case GT, LT, GTE, LTE -> Requirement.of("k", operator, List.of(number), min);
        });
    }

    @Property
    void intersect_isCommutative(@ForAll("requirements") Requirement a, @ForAll("requirements") Requirement b) {
        assertThat(a.intersect(b)).isEqualTo(b.intersect(a));
    }

    @Property
    void intersect_hasExactlyTheValuesBothHave(@ForAll("requirements") Requirement a, @ForAll("requirements") Requirement b) {
        Requirement both = a.intersect(b);
        for (String value : UNIVERSE) {
            assertThat(both.has(value)).as("has(%s) of %s ∩ %s", value, a, b).isEqualTo(a.has(value) && b.has(value));
        }
    }

    @Property
    void intersect_isAssociative(@ForAll("requirements") Requirement a, @ForAll("requirements") Requirement b,
                                 @ForAll("requirements") Requirement c) {
        Requirement left = a.intersect(b).intersect(c);
        Requirement right = a.intersect(b.intersect(c));
        for (String value : UNIVERSE) {
            assertThat(left.has(value)).isEqualTo(right.has(value));
        }
        assertThat(left.minValues()).isEqualTo(right.minValues());
    }

    @Property
    void intersect_keepsTheLargerMinValues(@ForAll("requirements") Requirement a, @ForAll("requirements") Requirement b) {
        assertThat(a.intersect(b).minValues()).isEqualTo(Math.max(a.minValues(), b.minValues()));
    }

    @Property
    void intersect_withItselfChangesNoMembership(@ForAll("requirements") Requirement a) {
        Requirement self = a.intersect(a);
        for (String value : UNIVERSE) {
            assertThat(self.has(value)).isEqualTo(a.has(value));
        }
    }

    @Property
    void requirementsIntersects_isSymmetric(@ForAll("requirements") Requirement a, @ForAll("requirements") Requirement b) {
        Requirements left = Requirements.of(a);
        Requirements right = Requirements.of(b);
        assertThat(left.intersects(right)).isEqualTo(right.intersects(left));
    }

    @Property
    void requirementsIntersects_whenSomeValueSatisfiesBoth_isTrue(@ForAll("requirements") Requirement a,
                                                                  @ForAll("requirements") Requirement b) {
        boolean shared = UNIVERSE.stream().anyMatch(v -> a.has(v) && b.has(v));
        if (shared) {
            assertThat(Requirements.of(a).intersects(Requirements.of(b))).isTrue();
        }
    }
}
