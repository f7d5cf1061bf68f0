package dev.spotter.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.scheduling.Plan;
import dev.spotter.scheduling.PlannedNodeClaim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code spotter plan} result as the CLI prints it; the JSON form is the contract other tools read:
 * {@code nodeClaims}, {@code existingNodes} (only pending pods placed on nodes already in the cluster),
 * {@code unschedulable} and {@code hourlyCost} (the sum of the claims' prices).
 */
@JsonPropertyOrder({"nodeClaims", "existingNodes", "unschedulable", "hourlyCost"})
public record PlanReport(List<Claim> nodeClaims, List<ExistingNode> existingNodes, List<Unschedulable> unschedulable, double hourlyCost) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One claim; {@code capacityReservationId} is present only on a reserved claim ({@code capacityType} "reserved"),
     * {@code gang} only on a claim holding a gang's pods (launched with the rest of the gang, all or none).
     */
    @JsonPropertyOrder({"name", "nodePool", "capacityType", "capacityReservationId", "gang", "instanceTypes", "zones", "pods",
            "hourlyPrice"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Claim(String name, String nodePool, String capacityType, String capacityReservationId, String gang,
                        List<String> instanceTypes, List<String> zones, List<String> pods, double hourlyPrice) {
        public Claim(String name, String nodePool, String capacityType, List<String> instanceTypes, List<String> zones,
                     List<String> pods, double hourlyPrice) {
            this(name, nodePool, capacityType, null, null, instanceTypes, zones, pods, hourlyPrice);
        }
    }

    @JsonPropertyOrder({"name", "pods"})
    public record ExistingNode(String name, List<String> pods) {
    }

    @JsonPropertyOrder({"pod", "reason"})
    public record Unschedulable(String pod, String reason) {
    }

    public static PlanReport of(Plan plan) {
        List<Claim> claims = new ArrayList<>();
        double total = 0;
        for (PlannedNodeClaim claim : plan.nodeClaims()) {
            claims.add(new Claim(claim.name(), claim.nodePool(), claim.capacityType().label(),
                    claim.capacityReservationId().isEmpty() ? null : claim.capacityReservationId(),
                    claim.gang().isEmpty() ? null : claim.gang(), claim.instanceTypes(), claim.zones(), claim.pods(),
                    claim.hourlyPrice()));
            total += claim.hourlyPrice();
        }
        List<ExistingNode> existing = new ArrayList<>();
        plan.nodePlacements().forEach((node, pods) -> {
            if (!pods.isEmpty()) {
                existing.add(new ExistingNode(node, pods));
            }
        });
        List<Unschedulable> unschedulable = plan.unschedulable().stream().map(u -> new Unschedulable(u.pod(), u.reason())).toList();
        return new PlanReport(claims, existing, unschedulable, total);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the plan", e);
        }
    }

    /** The plan for a person: one aligned table per section and a totals line. */
    public String toTable() {
        StringBuilder text = new StringBuilder();
        if (!nodeClaims.isEmpty()) {
            TextTable table = new TextTable("NODECLAIM", "NODEPOOL", "CAPACITY", "INSTANCE TYPES (cheapest first)", "ZONES", "PODS", "$/HOUR");
            for (Claim claim : nodeClaims) {
                table.row(claim.name(), claim.nodePool(), claim.capacityType(), abbreviate(claim.instanceTypes(), 3),
                        zones(claim.zones()), Integer.toString(claim.pods().size()), money(claim.hourlyPrice()));
            }
            table.alignRight(5).alignRight(6);
            text.append(table.render()).append('\n');
        }
        if (!existingNodes.isEmpty()) {
            TextTable table = new TextTable("EXISTING NODE", "PODS", "PLACED");
            existingNodes.forEach(node -> table.row(node.name(), Integer.toString(node.pods().size()), abbreviate(node.pods(), 4)));
            text.append(table.alignRight(1).render()).append('\n');
        }
        if (!unschedulable.isEmpty()) {
            TextTable table = new TextTable("UNSCHEDULABLE POD", "REASON");
            unschedulable.forEach(u -> table.row(u.pod(), u.reason()));
            text.append(table.render()).append('\n');
        }
        text.append(totals());
        return text.toString();
    }

    private String totals() {
        int onClaims = nodeClaims.stream().mapToInt(c -> c.pods().size()).sum();
        int onNodes = existingNodes.stream().mapToInt(n -> n.pods().size()).sum();
        long spot = nodeClaims.stream().filter(c -> c.capacityType().equals("spot")).count();
        long reserved = nodeClaims.stream().filter(c -> c.capacityType().equals("reserved")).count();
        return String.format(Locale.ROOT, "TOTAL  %d new node claim%s (%s%d spot, %d on-demand) for %d pod%s, %d pod%s on existing nodes, "
                        + "%d unschedulable, $%s/hour%n",
                nodeClaims.size(), plural(nodeClaims.size()), reserved > 0 ? reserved + " reserved, " : "", spot,
                nodeClaims.size() - spot - reserved, onClaims, plural(onClaims),
                onNodes, plural(onNodes), unschedulable.size(), money(hourlyCost));
    }

    /** "us-east-1a,b,c" for zones of one region that differ in the last letter only. */
    static String zones(List<String> zones) {
        if (zones.size() < 2) {
            return String.join(",", zones);
        }
        String first = zones.get(0);
        String prefix = first.substring(0, first.length() - 1);
        boolean compact = zones.stream().allMatch(z -> z.length() == first.length() && z.startsWith(prefix));
        if (!compact) {
            return String.join(",", zones);
        }
        StringBuilder text = new StringBuilder(first);
        zones.subList(1, zones.size()).forEach(z -> text.append(',').append(z.charAt(z.length() - 1)));
        return text.toString();
    }

    private static String plural(long count) {
        return count == 1 ? "" : "s";
    }

    static String money(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String abbreviate(List<String> items, int shown) {
        if (items.size() <= shown) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, shown)) + ", +" + (items.size() - shown) + " more";
    }
}
