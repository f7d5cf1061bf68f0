package dev.spotter.disruption;

import dev.spotter.config.Disruption;
import dev.spotter.config.NodePool;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many nodes of each NodePool may still be disrupted for each reason (Karpenter v1's
 * BuildDisruptionBudgetMapping and NodePool.GetAllowedDisruptionsByReason): of the budgets active at {@code now} (no
 * schedule, or a schedule that fired within its duration, in UTC) that apply to the reason (no reasons: all), the
 * strictest wins; a percentage is of the NodePool's nodes, rounded up; nodes already disrupting or NotReady count
 * against it; no active budget means no limit. A NodePool without budgets has Karpenter's default, 10%.
 * Expired is not budgeted. Decisions consume the allowance as they add commands.
 */
final class Budgets {
    private final Map<String, Map<Reason, Integer>> limits = new HashMap<>();
    private final Map<String, Integer> disrupting = new HashMap<>();
    private final Map<String, Map<Reason, String>> strictest = new HashMap<>();

    Budgets(List<NodePool> pools, List<StateNode> nodes, Instant now) {
        Map<String, Integer> total = new HashMap<>();
        for (StateNode node : nodes) {
            if (node.node() == null) {
                continue;
            }
            total.merge(node.nodePool(), 1, Integer::sum);
            if (node.disrupting() || !node.node().ready()) {
                disrupting.merge(node.nodePool(), 1, Integer::sum);
            }
        }
        for (NodePool pool : pools) {
            Disruption disruption = pool.disruption() == null ? Disruption.DEFAULT : pool.disruption();
            List<Disruption.Budget> budgets = disruption.budgets();
            int count = total.getOrDefault(pool.name(), 0);
            Map<Reason, Integer> byReason = new HashMap<>();
            Map<Reason, String> names = new HashMap<>();
            for (Reason reason : Reason.values()) {
                if (!reason.isBudgeted()) {
                    continue;
                }
                int min = Integer.MAX_VALUE;
                String name = "";
                for (int i = 0; i < budgets.size(); i++) {
                    Disruption.Budget budget = budgets.get(i);
                    if (!applies(budget, reason) || !active(budget, now, pool)) {
                        continue;
                    }
                    int allowed = nodes(budget.nodes(), count, pool);
                    if (allowed < min) {
                        min = allowed;
                        name = "budget " + i + " (nodes: " + budget.nodes()
                                + (budget.schedule().isEmpty() ? "" : ", schedule: " + budget.schedule()) + ")";
                    }
                }
                byReason.put(reason, min);
                names.put(reason, name);
            }
            limits.put(pool.name(), byReason);
            strictest.put(pool.name(), names);
        }
    }

    /** How many more nodes of the pool may be disrupted for the reason (Integer.MAX_VALUE: unlimited). */
    int allowed(String pool, Reason reason) {
        if (!reason.isBudgeted()) {
            return Integer.MAX_VALUE;
        }
        Map<Reason, Integer> byReason = limits.get(pool);
        if (byReason == null) {
            return 0;
        }
        int limit = byReason.get(reason);
        if (limit == Integer.MAX_VALUE) {
            return limit;
        }
        return Math.max(0, limit - disrupting.getOrDefault(pool, 0));
    }

    /** Records that a node of the pool is now being disrupted (it counts against every reason's budget). */
    void consume(String pool) {
        disrupting.merge(pool, 1, Integer::sum);
    }

    /** Names the budget that limits the pool for the reason, for a blocked candidate's message. */
    String describe(String pool, Reason reason) {
        Map<Reason, String> names = strictest.get(pool);
        String name = names == null ? "" : names.getOrDefault(reason, "");
        return "NodePool " + pool + " " + reason.label() + " " + (name.isEmpty() ? "budget" : name) + " allows no more disruptions ("
                + disrupting.getOrDefault(pool, 0) + " disrupting)";
    }

    private static boolean applies(Disruption.Budget budget, Reason reason) {
        return budget.reasons().isEmpty() || budget.reasons().contains(reason.label());
    }

    private static boolean active(Disruption.Budget budget, Instant now, NodePool pool) {
        if (budget.schedule().isEmpty()) {
            return true;
        }
        if (budget.duration() == null) {
            throw new IllegalArgumentException("NodePool " + pool.name() + ": budget schedule '" + budget.schedule() + "' needs a duration");
        }
        return CronSchedule.parse(budget.schedule()).activeAt(now, budget.duration());
    }

    static int nodes(String value, int total, NodePool pool) {
        String text = value == null ? "" : value.trim();
        try {
            if (text.endsWith("%")) {
                int percent = Integer.parseInt(text.substring(0, text.length() - 1));
                if (percent < 0 || percent > 100) {
                    throw new NumberFormatException();
                }
                return (int) Math.ceil(percent * (double) total / 100.0);
            }
            int count = Integer.parseInt(text);
            if (count < 0) {
                throw new NumberFormatException();
            }
            return count;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("NodePool " + pool.name() + ": budget nodes '" + value
                    + "' must be a non-negative count or a percentage 0%-100%", e);
        }
    }
}
