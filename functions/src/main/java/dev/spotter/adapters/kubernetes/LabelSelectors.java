package dev.spotter.adapters.kubernetes;

import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Kubernetes label and node selectors as Karpenter-style {@link Requirements}. */
final class LabelSelectors {
    /**
     * What a missing selector becomes where Kubernetes reads "no selector" as "selects nothing" (PodDisruptionBudget,
     * pod affinity, topology spread): a label no pod carries must exist.
     */
    static final Requirements SELECTS_NOTHING = Requirements.of(Requirement.exists("spotter.dev/no-selector"));

    /**
     * The pseudo label key that node affinity matchFields (only metadata.name exists) are mapped to; no NodePool
     * offers it, so a pod pinned to a named node is never planned onto a new one.
     */
    static final String NODE_NAME_FIELD = "metadata.name";

    private LabelSelectors() {
    }

    /** matchLabels as In, matchExpressions as written; null selects nothing, {} selects everything. */
    static Requirements toRequirements(LabelSelector selector) {
        if (selector == null) {
            return SELECTS_NOTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (Map.Entry<String, String> label : orEmpty(selector.getMatchLabels()).entrySet()) {
            requirements.add(Requirement.in(label.getKey(), label.getValue()));
        }
        for (LabelSelectorRequirement expression : orEmpty(selector.getMatchExpressions())) {
            requirements.add(requirement(expression.getKey(), expression.getOperator(), expression.getValues()));
        }
        return Requirements.of(requirements);
    }

    /** One node selector term: its expressions ANDed; matchFields on metadata.name as a pseudo label. */
    static Requirements toRequirements(NodeSelectorTerm term) {
        List<Requirement> requirements = new ArrayList<>();
        for (NodeSelectorRequirement expression : orEmpty(term.getMatchExpressions())) {
            requirements.add(requirement(expression.getKey(), expression.getOperator(), expression.getValues()));
        }
        for (NodeSelectorRequirement field : orEmpty(term.getMatchFields())) {
            requirements.add(requirement(field.getKey(), field.getOperator(), field.getValues()));
        }
        return Requirements.of(requirements);
    }

    private static Requirement requirement(String key, String operator, List<String> values) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("selector expression without a key (operator " + operator + ")");
        }
        return Requirement.of(key, Operator.fromYaml(operator), orEmpty(values));
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
