package dev.spotter.config;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapacityParserTest {
    private static final String HEAD = """
            apiVersion: karpenter.k8s.aws/v1
            kind: EC2NodeClass
            metadata:
              name: gpu
            %s
            spec:
              role: KarpenterNodeRole
              amiSelectorTerms:
                - alias: al2023@latest
              subnetSelectorTerms:
                - tags: {karpenter.sh/discovery: demo}
              securityGroupSelectorTerms:
                - tags: {karpenter.sh/discovery: demo}
            """;

    private static NodeClass parse(String metadata, String spec) {
        return ConfigLoader.parse("c.yaml", HEAD.formatted(metadata.indent(2)) + spec.indent(2)).nodeClasses().get(0);
    }

    @Test
    void parse_whenReservationSelectorsAndStatus_readsKarpentersFormatWithAvailableCounts() {
        NodeClass nodeClass = ConfigLoader.parse("c.yaml", HEAD.formatted("""
                  annotations:
                    spotter.dev/capacity-reservation-available: "cr-0a=2, cr-0b=1"
                """) + """
                  capacityReservationSelectorTerms:
                    - id: cr-0a
                    - tags: {team: ml}
                      ownerID: "123456789012"
                status:
                  capacityReservations:
                    - id: cr-0a
                      instanceType: p5.48xlarge
                      availabilityZone: us-east-1a
                      ownerID: "123456789012"
                      reservationType: default
                      state: active
                    - id: cr-0b
                      instanceType: p4d.24xlarge
                      availabilityZone: us-east-1b
                      ownerID: "123456789012"
                      reservationType: capacity-block
                      endTime: "2026-12-02T12:00:00Z"
                      state: active
                """).nodeClasses().get(0);

        assertThat(nodeClass.capacityReservationSelectorTerms()).hasSize(2);
        assertThat(nodeClass.capacityReservationSelectorTerms().get(1).owner()).isEqualTo("123456789012");
        assertThat(nodeClass.capacityReservations()).containsExactly(
                new CapacityReservation("cr-0a", "p5.48xlarge", "us-east-1a", "123456789012", CapacityReservation.Type.DEFAULT, null, 2),
                new CapacityReservation("cr-0b", "p4d.24xlarge", "us-east-1b", "123456789012", CapacityReservation.Type.CAPACITY_BLOCK,
                        Instant.parse("2026-12-02T12:00:00Z"), 1));
    }

    @Test
    void parse_whenReservationHasNoAvailableCount_readsItFullWithAWarning() {
        SpotterConfig config = ConfigLoader.parse("c.yaml", HEAD.formatted("") + """
                status:
                  capacityReservations:
                    - {id: cr-0a, instanceType: p5.48xlarge, availabilityZone: us-east-1a, state: active}
                """);

        assertThat(config.nodeClasses().get(0).capacityReservations().get(0).availableInstanceCount()).isZero();
        assertThat(config.warnings()).anySatisfy(w -> assertThat(w.toString()).contains("planned as full"));
    }

    @Test
    void parse_whenReservationIdCombinedWithTags_rejectsIt() {
        assertThatThrownBy(() -> parse("", """
                capacityReservationSelectorTerms:
                  - {id: cr-0a, tags: {a: b}}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("spec.capacityReservationSelectorTerms[0]").hasMessageContaining("mutually exclusive");
    }

    @Test
    void parse_whenAvailableAnnotationMalformed_namesIt() {
        assertThatThrownBy(() -> parse("""
                annotations:
                  spotter.dev/capacity-reservation-available: "cr-0a:2"
                """, "")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("spotter.dev/capacity-reservation-available").hasMessageContaining("'cr-0a:2'");
    }

    @Test
    void parse_whenPlacementGroupSelectorAndAnnotations_resolvesTheGroup() {
        NodeClass nodeClass = parse("""
                annotations:
                  spotter.dev/placement-group-strategy: cluster
                  spotter.dev/placement-group-zone: us-east-1b
                """, """
                placementGroupSelector:
                  name: training
                """);

        assertThat(nodeClass.placementGroupSelector()).isEqualTo(new PlacementGroupSelector("training", ""));
        assertThat(nodeClass.resolvedPlacementGroup()).contains(
                new PlacementGroup("training", "", PlacementGroup.Strategy.CLUSTER, 0, "us-east-1b"));
    }

    @Test
    void parse_whenPlacementGroupSelectorHasNameAndId_requiresExactlyOne() {
        assertThatThrownBy(() -> parse("", """
                placementGroupSelector: {name: a, id: pg-0123}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("spec.placementGroupSelector").hasMessageContaining("exactly one of ['name', 'id']");
    }

    @Test
    void isExpiring_whenCapacityBlockWithinFortyMinutesOfItsEnd_isTrue() {
        Instant end = Instant.parse("2026-12-02T12:00:00Z");
        CapacityReservation block = new CapacityReservation("cr-1", "p5.48xlarge", "us-east-1a", "", CapacityReservation.Type.CAPACITY_BLOCK, end, 1);
        CapacityReservation odcr = new CapacityReservation("cr-2", "p5.48xlarge", "us-east-1a", "", CapacityReservation.Type.DEFAULT, end, 1);

        assertThat(block.isExpiring(end.minusSeconds(41 * 60))).isFalse();
        assertThat(block.isExpiring(end.minusSeconds(40 * 60))).isTrue();
        assertThat(odcr.isExpiring(end.minusSeconds(60))).isFalse();
    }
}
