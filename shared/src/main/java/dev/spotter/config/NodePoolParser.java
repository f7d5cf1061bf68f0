package dev.spotter.config;

import dev.spotter.model.Quantity;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;
import dev.spotter.model.WellKnownLabels;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a karpenter.sh/v1 NodePool, with the checks of Karpenter's CRD (karpenter.sh_nodepools.yaml). */
final class NodePoolParser {
    static final Duration DEFAULT_EXPIRE_AFTER = Duration.ofHours(720);
    private static final Pattern BUDGET_NODES = Pattern.compile("((100|[0-9]{1,2})%|[0-9]+)");
    private static final Pattern BUDGET_DURATION = Pattern.compile("((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)");
    private static final Pattern CRON_MACRO = Pattern.compile("@(annually|yearly|monthly|weekly|daily|midnight|hourly)");
    private static final Pattern CRON_FIELD = Pattern.compile("[0-9A-Za-z*/,?-]+");
    private static final Set<String> BUDGET_REASONS = Set.of("Underutilized", "Empty", "Drifted");
    private static final Set<String> CAPACITY_TYPES = Set.of(WellKnownLabels.SPOT, WellKnownLabels.ON_DEMAND, "reserved");

    private NodePoolParser() {
    }

    static NodePool parse(YamlNode root, String name) {
        YamlNode spec = root.get("spec").allowOnly("template", "disruption", "limits", "weight", "replicas");
        if (spec.isMissing()) {
            throw root.error("spec", "is required");
        }
        if (spec.has("replicas")) {
            spec.get("replicas").warn("static NodePools (replicas) are not supported by Spotter; ignored");
        }
        YamlNode template = spec.get("template").allowOnly("metadata", "spec");
        YamlNode templateMetadata = template.get("metadata").allowOnly("labels", "annotations");
        YamlNode templateSpec = template.get("spec").allowOnly("nodeClassRef", "taints", "startupTaints", "requirements",
                "expireAfter", "terminationGracePeriod");
        if (templateSpec.isMissing()) {
            throw template.error("spec", "is required");
        }
        Map<String, String> labels = labels(templateMetadata);
        Map<String, String> annotations = templateMetadata.stringMap("annotations");
        String nodeClassName = nodeClassRef(templateSpec);
        Requirements requirements = requirements(templateSpec);
        List<Taint> taints = taints(templateSpec, "taints");
        List<Taint> startupTaints = taints(templateSpec, "startupTaints");
        Duration expireAfter = optionalDuration(templateSpec, "expireAfter", DEFAULT_EXPIRE_AFTER, true);
        Duration terminationGracePeriod = optionalDuration(templateSpec, "terminationGracePeriod", null, false);
        Disruption disruption = disruption(spec.get("disruption"));
        Resources limits = limits(spec);
        int weight = weight(spec);
        return new NodePool(name, nodeClassName, labels, annotations, requirements, taints, startupTaints, expireAfter,
                terminationGracePeriod, disruption, limits, weight);
    }

    private static Map<String, String> labels(YamlNode metadata) {
        Map<String, String> labels = metadata.stringMap("labels");
        labels.forEach((key, value) -> {
            String field = metadata.get("labels").childPath(key);
            LabelRules.invalidKey(key).ifPresent(problem -> {
                throw new ConfigException(metadata.source(), metadata.object(), field, problem);
            });
            LabelRules.invalidValue(value).ifPresent(problem -> {
                throw new ConfigException(metadata.source(), metadata.object(), field, problem);
            });
            if (key.equals(WellKnownLabels.NODEPOOL)) {
                throw new ConfigException(metadata.source(), metadata.object(), field, "label \"karpenter.sh/nodepool\" is restricted");
            }
            LabelRules.restrictedForNodePool(key).ifPresent(problem -> {
                throw new ConfigException(metadata.source(), metadata.object(), field, problem);
            });
        });
        return labels;
    }

    private static String nodeClassRef(YamlNode templateSpec) {
        YamlNode ref = templateSpec.get("nodeClassRef").allowOnly("group", "kind", "name");
        if (ref.isMissing()) {
            throw templateSpec.error("nodeClassRef", "is required");
        }
        String group = ref.string("group");
        String kind = ref.string("kind");
        String name = ref.string("name");
        if (!group.equals(NodeClassParser.GROUP)) {
            throw ref.error("group", "'" + group + "' is not supported: Spotter launches nodes of EC2NodeClasses (group karpenter.k8s.aws)");
        }
        if (!kind.equals(NodeClassParser.KIND)) {
            throw ref.error("kind", "'" + kind + "' is not supported: Spotter launches nodes of EC2NodeClasses (kind EC2NodeClass)");
        }
        if (name.isEmpty()) {
            throw ref.error("name", "must not be empty");
        }
        return name;
    }

    private static Requirements requirements(YamlNode templateSpec) {
        List<YamlNode> items = templateSpec.list("requirements");
        if (items.size() > 100) {
            throw templateSpec.error("requirements", "at most 100 requirements are allowed, got " + items.size());
        }
        List<Requirement> requirements = new ArrayList<>();
        for (YamlNode item : items) {
            Requirement requirement = RequirementParser.parse(item, RequirementParser.NODE_OPERATORS, true);
            LabelRules.restrictedForNodePool(item.string("key")).ifPresent(problem -> {
                throw item.error("key", problem);
            });
            if (requirement.key().equals(WellKnownLabels.CAPACITY_TYPE) && !requirement.isComplement()) {
                for (String value : requirement.values()) {
                    if (!CAPACITY_TYPES.contains(value)) {
                        throw item.error("values", "'" + value + "' is not a capacity type (expected spot, on-demand or reserved)");
                    }
                }
            }
            requirements.add(requirement);
        }
        return Requirements.of(requirements);
    }

    static List<Taint> taints(YamlNode parent, String field) {
        List<Taint> taints = new ArrayList<>();
        for (YamlNode item : parent.list(field)) {
            item.allowOnly("key", "value", "effect", "timeAdded");
            String key = item.string("key");
            LabelRules.invalidKey(key).ifPresent(problem -> {
                throw item.error("key", problem.replace("label key", "taint key"));
            });
            String value = item.string("value", "");
            LabelRules.invalidValue(value).ifPresent(problem -> {
                throw item.error("value", problem.replace("label value", "taint value"));
            });
            String effect = item.string("effect");
            try {
                taints.add(new Taint(key, value, effect));
            } catch (IllegalArgumentException e) {
                throw item.error("effect", e.getMessage());
            }
        }
        return taints;
    }

    /** A duration or, where {@code neverAllowed}, "Never" (null); absent gives {@code defaultValue}. */
    private static Duration optionalDuration(YamlNode parent, String field, Duration defaultValue, boolean neverAllowed) {
        if (!parent.has(field)) {
            return defaultValue;
        }
        String text = parent.string(field);
        if (neverAllowed && Durations.NEVER.equals(text)) {
            return null;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw parent.error(field, e.getMessage() + (neverAllowed ? " or Never" : ""));
        }
    }

    private static Disruption disruption(YamlNode node) {
        if (node.isMissing()) {
            return Disruption.DEFAULT;
        }
        node.allowOnly("consolidationPolicy", "consolidateAfter", "budgets");
        String policy = node.string("consolidationPolicy", Disruption.DEFAULT.consolidationPolicy());
        if (!policy.equals("WhenEmptyOrUnderutilized") && !policy.equals("WhenEmpty")) {
            throw node.error("consolidationPolicy", "'" + policy + "' is not WhenEmptyOrUnderutilized or WhenEmpty");
        }
        Duration consolidateAfter = optionalDuration(node, "consolidateAfter", Duration.ZERO, true);
        List<Disruption.Budget> budgets = node.has("budgets") ? budgets(node) : List.of(Disruption.Budget.DEFAULT);
        return new Disruption(policy, consolidateAfter, budgets);
    }

    private static List<Disruption.Budget> budgets(YamlNode disruption) {
        List<YamlNode> items = disruption.list("budgets");
        if (items.size() > 50) {
            throw disruption.error("budgets", "at most 50 budgets are allowed, got " + items.size());
        }
        List<Disruption.Budget> budgets = new ArrayList<>();
        for (YamlNode item : items) {
            item.allowOnly("nodes", "schedule", "duration", "reasons");
            String nodes = item.string("nodes", "10%");
            if (!BUDGET_NODES.matcher(nodes).matches()) {
                throw item.error("nodes", "'" + nodes + "' is not a node count or a percentage like 10%");
            }
            String schedule = item.string("schedule", "");
            String durationText = item.string("duration", "");
            if (schedule.isEmpty() != durationText.isEmpty()) {
                throw item.error("'schedule' must be set with 'duration'");
            }
            if (!schedule.isEmpty() && !isCron(schedule)) {
                throw item.error("schedule", "'" + schedule + "' is not a cron schedule (five fields, or @daily, @hourly, ...)");
            }
            Duration duration = null;
            if (!durationText.isEmpty()) {
                if (!BUDGET_DURATION.matcher(durationText).matches()) {
                    throw item.error("duration", "'" + durationText + "' is not a duration of hours and minutes like 10m, 1h or 1h30m");
                }
                duration = Durations.parse(durationText);
            }
            List<String> reasons = item.stringList("reasons");
            for (int i = 0; i < reasons.size(); i++) {
                if (!BUDGET_REASONS.contains(reasons.get(i))) {
                    throw item.error("reasons", "[" + i + "] '" + reasons.get(i) + "' is not Underutilized, Empty or Drifted");
                }
            }
            budgets.add(new Disruption.Budget(nodes, schedule, duration, reasons));
        }
        return budgets;
    }

    private static boolean isCron(String schedule) {
        if (CRON_MACRO.matcher(schedule).matches()) {
            return true;
        }
        String[] fields = schedule.trim().split("\\s+");
        if (fields.length != 5) {
            return false;
        }
        for (String field : fields) {
            if (!CRON_FIELD.matcher(field).matches()) {
                return false;
            }
        }
        return true;
    }

    private static Resources limits(YamlNode spec) {
        Resources.Builder limits = Resources.builder();
        YamlNode node = spec.get("limits");
        spec.stringMap("limits").forEach((resource, text) -> {
            try {
                limits.set(resource, Resources.CPU.equals(resource) ? Quantity.parseMillis(text) : Quantity.parseValue(text));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new ConfigException(spec.source(), spec.object(), node.childPath(resource), e.getMessage());
            }
        });
        return limits.build();
    }

    private static int weight(YamlNode spec) {
        Integer weight = spec.integer("weight", 0);
        if (spec.has("weight") && (weight < 1 || weight > 100)) {
            throw spec.error("weight", "must be between 1 and 100, got " + weight);
        }
        return weight;
    }
}
