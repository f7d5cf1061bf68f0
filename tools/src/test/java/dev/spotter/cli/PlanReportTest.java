package dev.spotter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.catalog.CapacityType;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.scheduling.Plan;
import dev.spotter.scheduling.PlannedNodeClaim;
import dev.spotter.scheduling.UnschedulablePod;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class PlanReportTest {

    private static Plan plan() {
        PlannedNodeClaim spot = new PlannedNodeClaim("default-abc", "default", "default", CapacityType.SPOT,
                List.of("m7g.large", "m6g.large"), List.of("us-east-1a", "us-east-1b"), Requirements.NONE,
                List.of("shop/web-0", "shop/web-1"), Resources.NONE, 0.0312);
        PlannedNodeClaim onDemand = new PlannedNodeClaim("default-def", "default", "default", CapacityType.ON_DEMAND,
                List.of("c7g.xlarge"), List.of("us-east-1c"), Requirements.NONE, List.of("shop/cache-0"), Resources.NONE, 0.145);
        TreeMap<String, List<String>> onNodes = new TreeMap<>();
        onNodes.put("ip-10-0-1-1", List.of("shop/web-2"));
        onNodes.put("ip-10-0-1-2", List.of());
        return new Plan(List.of(spot, onDemand), onNodes, new TreeMap<>(),
                List.of(new UnschedulablePod("ml/big", "no instance type has 9 nvidia.com/gpu")), 0.1762, "cost");
    }

    @Test
    void toJson_whenPlan_followsTheContract() throws Exception {
        JsonNode json = new ObjectMapper().readTree(PlanReport.of(plan()).toJson());

        assertThat(json.fieldNames()).toIterable().containsExactly("nodeClaims", "existingNodes", "unschedulable", "hourlyCost");
        JsonNode claim = json.get("nodeClaims").get(0);
        assertThat(claim.fieldNames()).toIterable()
                .containsExactly("name", "nodePool", "capacityType", "instanceTypes", "zones", "pods", "hourlyPrice");
        assertThat(claim.get("capacityType").asText()).isEqualTo("spot");
        assertThat(json.get("nodeClaims").get(1).get("capacityType").asText()).isEqualTo("on-demand");
        assertThat(claim.get("instanceTypes").get(0).asText()).isEqualTo("m7g.large");
        assertThat(claim.get("pods")).hasSize(2);
        assertThat(json.get("existingNodes")).hasSize(1);
        assertThat(json.get("existingNodes").get(0).get("name").asText()).isEqualTo("ip-10-0-1-1");
        assertThat(json.get("unschedulable").get(0).get("pod").asText()).isEqualTo("ml/big");
        assertThat(json.get("unschedulable").get(0).get("reason").asText()).contains("nvidia.com/gpu");
        assertThat(json.get("hourlyCost").asDouble()).isEqualTo(0.0312 + 0.145);
    }

    @Test
    void zones_whenSameRegion_compactsToLastLetters() {
        assertThat(PlanReport.zones(List.of("us-east-1a", "us-east-1c", "us-east-1f"))).isEqualTo("us-east-1a,c,f");
        assertThat(PlanReport.zones(List.of("us-east-1a"))).isEqualTo("us-east-1a");
        assertThat(PlanReport.zones(List.of("us-east-1a", "local-zone-x1"))).isEqualTo("us-east-1a,local-zone-x1");
        assertThat(PlanReport.zones(List.of())).isEmpty();
    }

    @Test
    void toTable_whenPlan_alignsColumnsAndTotals() {
        String table = PlanReport.of(plan()).toTable();

        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).startsWith("NODECLAIM").contains("INSTANCE TYPES").endsWith("$/HOUR");
        assertThat(lines.get(1).indexOf("default ")).isEqualTo(lines.get(0).indexOf("NODEPOOL"));
        assertThat(lines.get(1)).endsWith("0.0312");
        assertThat(lines.get(2)).endsWith("0.1450");
        assertThat(table).contains("EXISTING NODE").contains("ip-10-0-1-1").doesNotContain("ip-10-0-1-2");
        assertThat(table).contains("UNSCHEDULABLE POD").contains("ml/big");
        assertThat(lines.get(1)).contains("us-east-1a,b ");
        assertThat(lines.get(lines.size() - 1))
                .isEqualTo("TOTAL  2 new node claims (1 spot, 1 on-demand) for 3 pods, 1 pod on existing nodes, 1 unschedulable, $0.1762/hour");
    }
}
