package dev.spotter.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RequirementsTest {
    private static final String ARCH = WellKnownLabels.ARCH;
    private static final String ZONE = WellKnownLabels.ZONE;

    @Test
    void of_whenSameKeyTwice_intersectsThem() {
        Requirements requirements = Requirements.of(Requirement.in(ARCH, "amd64", "arm64"), Requirement.in(ARCH, "arm64"));

        assertThat(requirements.get(ARCH).orElseThrow().values()).containsExactly("arm64");
    }

    @Test
    void intersects_whenValuesOverlap_isTrue() {
        Requirements node = Requirements.of(Requirement.in(ARCH, "amd64", "arm64"), Requirement.in(ZONE, "us-east-1a"));
        Requirements pod = Requirements.of(Requirement.in(ARCH, "arm64"));

        assertThat(node.intersects(pod)).isTrue();
        assertThat(pod.intersects(node)).isTrue();
    }

    @Test
    void intersects_whenValuesDisjoint_namesTheKey() {
        Requirements node = Requirements.of(Requirement.in(ARCH, "amd64"));
        Requirements pod = Requirements.of(Requirement.in(ARCH, "arm64"));

        assertThat(node.intersects(pod)).isFalse();
        assertThat(node.firstConflict(pod)).hasValueSatisfying(m -> assertThat(m).contains(ARCH));
    }

    @Test
    void intersects_whenBothOnlyExclude_isTrueEvenIfEmpty() {
        // NotIn [a] and DoesNotExist have an empty intersection, but a node without the label satisfies both
        Requirements a = Requirements.of(Requirement.of("team", Operator.NOT_IN, List.of("a")));
        Requirements b = Requirements.of(Requirement.doesNotExist("team"));

        assertThat(a.intersects(b)).isTrue();
    }

    @Test
    void intersects_whenInMeetsDoesNotExist_isFalse() {
        Requirements a = Requirements.of(Requirement.in("team", "a"));
        Requirements b = Requirements.of(Requirement.doesNotExist("team"));

        assertThat(a.intersects(b)).isFalse();
        assertThat(b.intersects(a)).isFalse();
    }

    @Test
    void intersects_whenKeysDiffer_isTrue() {
        assertThat(Requirements.of(Requirement.in(ARCH, "amd64")).intersects(Requirements.of(Requirement.in(ZONE, "z")))).isTrue();
    }

    @Test
    void incompatibilityWith_whenPodNeedsUnknownLabel_reportsIt() {
        Requirements node = Requirements.of(Requirement.in(ARCH, "amd64"));
        Requirements pod = Requirements.of(Requirement.in("team", "a"));

        assertThat(node.incompatibilityWith(pod, Set.of())).hasValueSatisfying(m -> assertThat(m).contains("team"));
        // a well-known label the node gets anyway may be undefined here
        assertThat(node.incompatibilityWith(Requirements.of(Requirement.in(ZONE, "z")), WellKnownLabels.WELL_KNOWN)).isEmpty();
        // a pod that only excludes may ask about any label
        assertThat(node.incompatibilityWith(Requirements.of(Requirement.of("team", Operator.NOT_IN, List.of("a"))), Set.of())).isEmpty();
    }

    @Test
    void and_whenCombined_intersectsPerKeyAndKeepsMaxMinValues() {
        Requirements a = Requirements.of(Requirement.of("family", Operator.IN, List.of("m7i", "c7i", "r7i"), 2));
        Requirements b = Requirements.of(Requirement.of("family", Operator.NOT_IN, List.of("r7i"), 1), Requirement.in(ARCH, "amd64"));

        Requirements both = a.and(b);
        assertThat(both.get("family").orElseThrow().values()).containsExactly("c7i", "m7i");
        assertThat(both.get("family").orElseThrow().minValues()).isEqualTo(2);
        assertThat(both.keys()).containsExactly("family", ARCH);
    }

    @Test
    void matchesLabels_whenNodeLabelsSatisfy_isTrue() {
        Requirements requirements = Requirements.of(Requirement.in(ARCH, "amd64"), Requirement.doesNotExist("gpu"),
                Requirement.of("cpu", Operator.GT, List.of("2")));

        assertThat(requirements.matchesLabels(Map.of(ARCH, "amd64", "cpu", "4"))).isTrue();
        assertThat(requirements.matchesLabels(Map.of(ARCH, "amd64", "cpu", "2"))).isFalse();
        assertThat(requirements.matchesLabels(Map.of(ARCH, "amd64", "cpu", "4", "gpu", "t4"))).isFalse();
        assertThat(requirements.matchesLabels(Map.of("cpu", "4"))).isFalse();
    }

    @Test
    void fromLabels_whenMap_pinsEachLabel() {
        Requirements requirements = Requirements.fromLabels(Map.of(ARCH, "arm64"));

        assertThat(requirements.get(ARCH).orElseThrow()).isEqualTo(Requirement.in(ARCH, "arm64"));
    }
}
