package dev.spotter.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The same seed and inputs give the same report, interruptions and all. */
class SimulationDeterminismTest {

    @Test
    void theSameSeedGivesTheSameReportTwice() {
        SimulationSettings settings = SimFixtures.settings(SimFixtures.config("spot, on-demand", "m5.large", "c5.xlarge"),
                SimFixtures.deployment(8, "700m", ""), Duration.ofHours(2), 42, 50_000, Optional.empty(), Map.of());

        JsonNode first = withoutWallClock(Simulator.run(settings, null));
        JsonNode second = withoutWallClock(Simulator.run(settings, null));

        assertThat(second).isEqualTo(first);
        assertThat(first.path("strategies").path("spotter").path("interruptions").asInt()).isPositive();
    }

    private static JsonNode withoutWallClock(SimulationReport report) {
        ObjectNode tree = SimulationReport.JSON.valueToTree(report.toJson());
        tree.remove("wallSeconds");
        tree.remove("eventsPerSecond");
        return tree;
    }
}
