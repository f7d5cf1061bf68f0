package dev.spotter.scheduling;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlannedNodeClaimTest {

    @Test
    void toNodeClaim_always_carriesThePlanIntoAPlannedRecord() {
        PlannedNodeClaim planned = new PlannedNodeClaim("default-abcdefgh", "default", "default", CapacityType.SPOT, List.of("m5.large"),
                List.of("us-east-1a"), Requirements.of(Requirement.in(WellKnownLabels.INSTANCE_TYPE, "m5.large")), List.of("default/web"),
                Resources.builder().cpuMillis(500).build(), 0.0288);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        NodeClaim claim = planned.toNodeClaim("prod", now);

        assertThat(claim.name()).isEqualTo("default-abcdefgh");
        assertThat(claim.cluster()).isEqualTo("prod");
        assertThat(claim.phase()).isEqualTo(Phase.PLANNED);
        assertThat(claim.instanceTypes()).containsExactly("m5.large");
        assertThat(claim.capacityType()).isEqualTo(CapacityType.SPOT);
        assertThat(claim.zones()).containsExactly("us-east-1a");
        assertThat(claim.pods()).containsExactly("default/web");
        assertThat(claim.price()).isEqualTo(0.0288);
        assertThat(claim.requirements()).containsExactly(Requirement.in(WellKnownLabels.INSTANCE_TYPE, "m5.large"));
        assertThat(claim.createdAt()).isEqualTo(now);
    }

    @Test
    void inFlightClaimOf_whenLaunched_describesTheNodeItWillBecome() {
        InstanceType type = Fixtures.type("m5.xlarge", 4, 16, 0.192);
        NodeClaim claim = NodeClaim.builder().name("default-x").nodePool("default").zone("us-east-1b").capacityType(CapacityType.SPOT).build();

        InFlightClaim inFlight = InFlightClaim.of(claim, type, Fixtures.pool("default"), List.of());

        assertThat(inFlight.labels()).containsEntry(WellKnownLabels.ZONE, "us-east-1b").containsEntry(WellKnownLabels.CAPACITY_TYPE, "spot")
                .containsEntry(WellKnownLabels.INSTANCE_TYPE, "m5.xlarge").containsEntry(WellKnownLabels.NODEPOOL, "default")
                .containsEntry(WellKnownLabels.INSTANCE_FAMILY, "m5");
        assertThat(inFlight.allocatable()).isEqualTo(type.allocatable());
    }
}
