package dev.spotter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.disruption.BlockedCandidate;
import dev.spotter.disruption.DisruptionCommand;
import dev.spotter.disruption.DisruptionDecision;
import dev.spotter.scheduling.PlannedNodeClaim;

import java.util.List;
import java.util.Locale;

/** A disruption decision as {@code spotter disrupt} prints it: the JSON contract of docs/cli.md, or tables. */
final class DisruptReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DisruptReport() {
    }

    static String toJson(DisruptionDecision decision) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode commands = root.putArray("commands");
        for (DisruptionCommand command : decision.commands()) {
            ObjectNode c = commands.addObject();
            c.put("reason", command.reason().label());
            strings(c.putArray("candidates"), command.candidateNames());
            ArrayNode replacements = c.putArray("replacements");
            for (PlannedNodeClaim replacement : command.replacements()) {
                ObjectNode r = replacements.addObject();
                r.put("nodePool", replacement.nodePool());
                r.put("capacityType", replacement.capacityType().label());
                strings(r.putArray("instanceTypes"), replacement.instanceTypes());
                strings(r.putArray("zones"), replacement.zones());
                strings(r.putArray("pods"), replacement.pods());
                r.put("hourlyPrice", replacement.hourlyPrice());
            }
            strings(c.putArray("pods"), command.pods());
            c.put("savingsPerHour", command.savingsPerHour());
        }
        ArrayNode blocked = root.putArray("blocked");
        for (BlockedCandidate b : decision.blocked()) {
            blocked.addObject().put("node", b.node()).put("reason", b.message());
        }
        root.put("hourlyCostBefore", decision.hourlyCostBefore());
        root.put("hourlyCostAfter", decision.hourlyCostAfter());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the decision as JSON", e);
        }
    }

    static String toTable(DisruptionDecision decision) {
        StringBuilder text = new StringBuilder();
        if (decision.commands().isEmpty()) {
            text.append("No disruption: nothing to do.\n");
        } else {
            TextTable commands = new TextTable("#", "REASON", "CANDIDATES", "REPLACEMENTS", "PODS", "SAVES $/H").alignRight(0)
                    .alignRight(4).alignRight(5);
            int i = 1;
            for (DisruptionCommand command : decision.commands()) {
                List<String> replacements = command.replacements().stream().map(r -> r.nodePool() + " " + r.capacityType().label() + " "
                        + first(r.instanceTypes()) + " $" + money(r.hourlyPrice())).toList();
                commands.row(Integer.toString(i++), command.reason().label(), String.join(", ", command.candidateNames()),
                        replacements.isEmpty() ? "-" : String.join("; ", replacements), Integer.toString(command.pods().size()),
                        money(command.savingsPerHour()));
            }
            text.append(commands.render());
        }
        if (!decision.blocked().isEmpty()) {
            text.append('\n');
            TextTable blocked = new TextTable("BLOCKED NODE", "REASON");
            decision.blocked().forEach(b -> blocked.row(b.node(), b.message()));
            text.append(blocked.render());
        }
        text.append(String.format(Locale.ROOT, "%nHourly cost: $%s before, $%s after (%d command(s), %d node(s) disrupted)%n",
                money(decision.hourlyCostBefore()), money(decision.hourlyCostAfter()), decision.commands().size(),
                decision.disruptedNodeCount()));
        return text.toString();
    }

    private static String first(List<String> types) {
        if (types.isEmpty()) {
            return "-";
        }
        return types.size() == 1 ? types.get(0) : types.get(0) + " (+" + (types.size() - 1) + ")";
    }

    private static String money(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
