package dev.spotter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Plan conformance of examples/ai-fleet.yaml: reserved claims, a gang in one zone, MIG pods on an overlaid type. */
class AiFleetPlanTest {
    private static final String AI_FLEET = Path.of(System.getProperty("user.dir")).resolveSibling("examples")
            .resolve("ai-fleet.yaml").toString();

    private JsonNode plan(String strategy) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SpotterCli.withDiscoveredCommands().run(List.of("plan", "-f", AI_FLEET, "-o", "json", "--strategy", strategy),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("warning");
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> claimsWith(JsonNode plan, String podPrefix) {
        List<JsonNode> claims = new ArrayList<>();
        plan.get("nodeClaims").forEach(claim -> claim.get("pods").forEach(pod -> {
            if (pod.asText().startsWith(podPrefix) && !claims.contains(claim)) {
                claims.add(claim);
            }
        }));
        return claims;
    }

    @ParameterizedTest
    @ValueSource(strings = {"cost", "ffd"})
    void plan_whenTheGangFitsTheReservation_launchesItReservedInTheReservationsZone(String strategy) throws Exception {
        JsonNode plan = plan(strategy);

        List<JsonNode> gang = claimsWith(plan, "ml/finetune-");
        assertThat(gang).hasSize(2).allSatisfy(claim -> {
            assertThat(claim.get("capacityType").asText()).isEqualTo("reserved");
            assertThat(claim.get("capacityReservationId").asText()).isEqualTo("cr-0p4d0000000000001");
            assertThat(claim.get("gang").asText()).isEqualTo("ml/finetune");
            assertThat(claim.get("zones")).singleElement().satisfies(zone -> assertThat(zone.asText()).isEqualTo("us-east-1b"));
            // the reservation pays for the instance; the node still pays its default 20 GiB gp3 root volume
            assertThat(claim.get("hourlyPrice").asDouble()).isCloseTo(20 * 0.08 / 730, org.assertj.core.api.Assertions.within(1e-9));
        });
        assertThat(plan.get("unschedulable")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cost", "ffd"})
    void plan_whenPodsAskForAMigSlice_putsThemOnlyOnTheTypeWhoseOverlayOffersIt(String strategy) throws Exception {
        JsonNode plan = plan(strategy);

        List<JsonNode> notebooks = claimsWith(plan, "ml/notebook-");
        assertThat(notebooks).isNotEmpty().allSatisfy(claim -> {
            assertThat(claim.has("capacityReservationId")).isFalse();
            claim.get("instanceTypes").forEach(type -> assertThat(type.asText()).startsWith("p5."));
        });
    }
}
