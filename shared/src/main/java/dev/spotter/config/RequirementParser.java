package dev.spotter.config;

import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {key, operator, values[, minValues]} items: NodePool requirements, pod node-affinity match expressions and
 * label-selector match expressions, with the checks Kubernetes and Karpenter's CRD apply.
 */
public final class RequirementParser {
    /** Operators of NodePool requirements and node selector terms. */
    public static final Set<Operator> NODE_OPERATORS = EnumSet.allOf(Operator.class);
    /** Operators of label selectors (pod affinity, topology spread). */
    public static final Set<Operator> SELECTOR_OPERATORS = EnumSet.of(Operator.IN, Operator.NOT_IN, Operator.EXISTS, Operator.DOES_NOT_EXIST);

    /** Karpenter's NormalizedLabels: deprecated beta keys read as their stable names. */
    private static final Map<String, String> NORMALIZED = Map.of(
            "failure-domain.beta.kubernetes.io/zone", WellKnownLabels.ZONE,
            "failure-domain.beta.kubernetes.io/region", WellKnownLabels.REGION,
            "beta.kubernetes.io/arch", WellKnownLabels.ARCH,
            "beta.kubernetes.io/os", WellKnownLabels.OS,
            "beta.kubernetes.io/instance-type", WellKnownLabels.INSTANCE_TYPE);

    private RequirementParser() {
    }

    public static String normalize(String key) {
        return NORMALIZED.getOrDefault(key, key);
    }

    /** A list of requirement items under {@code field}; {@code withMinValues} accepts Karpenter's minValues. */
    public static List<Requirement> parseList(YamlNode parent, String field, Set<Operator> operators, boolean withMinValues) {
        List<Requirement> requirements = new ArrayList<>();
        for (YamlNode item : parent.list(field)) {
            requirements.add(parse(item, operators, withMinValues));
        }
        return requirements;
    }

    public static Requirement parse(YamlNode item, Set<Operator> operators, boolean withMinValues) {
        if (withMinValues) {
            item.allowOnly("key", "operator", "values", "minValues");
        } else {
            item.allowOnly("key", "operator", "values");
        }
        String key = item.string("key");
        LabelRules.invalidKey(key).ifPresent(problem -> {
            throw item.error("key", problem);
        });
        Operator operator = operator(item, operators);
        List<String> values = item.stringList("values");
        checkValues(item, operator, values);
        int minValues = 0;
        if (withMinValues && item.has("minValues")) {
            minValues = item.integer("minValues", 0);
            if (minValues < 1 || minValues > 50) {
                throw item.error("minValues", "must be between 1 and 50, got " + minValues);
            }
            if (operator == Operator.IN && values.size() < minValues) {
                throw item.error("minValues", "requirements with 'minValues' must have at least that many values specified in the "
                        + "'values' field (" + values.size() + " values, minValues " + minValues + ")");
            }
        }
        return Requirement.of(normalize(key), operator, values, minValues);
    }

    private static Operator operator(YamlNode item, Set<Operator> operators) {
        String name = item.string("operator");
        Operator operator;
        try {
            operator = Operator.fromYaml(name);
        } catch (IllegalArgumentException e) {
            throw item.error("operator", e.getMessage());
        }
        if (!operators.contains(operator)) {
            throw item.error("operator", "operator " + name + " is not allowed here (expected one of "
                    + operators.stream().map(Operator::yamlName).toList() + ")");
        }
        return operator;
    }

    private static void checkValues(YamlNode item, Operator operator, List<String> values) {
        switch (operator) {
            case IN, NOT_IN -> {
                if (values.isEmpty()) {
                    throw item.error("values", "requirements with operator '" + operator.yamlName() + "' must have a value defined");
                }
                for (int i = 0; i < values.size(); i++) {
                    Optional<String> problem = LabelRules.invalidValue(values.get(i));
                    if (problem.isPresent()) {
                        throw item.error("values", "[" + i + "] " + problem.get());
                    }
                }
            }
            case GT, LT, GTE, LTE -> {
                if (values.size() != 1 || !values.get(0).matches("[0-9]+")) {
                    throw item.error("values", "requirements operator '" + operator.yamlName()
                            + "' must have a single positive integer value, got " + values);
                }
                try {
                    Long.parseLong(values.get(0));
                } catch (NumberFormatException e) {
                    throw item.error("values", "'" + values.get(0) + "' is too large");
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!values.isEmpty()) {
                    throw item.error("values", "must be empty when operator is " + operator.yamlName() + ", got " + values);
                }
            }
        }
    }
}
