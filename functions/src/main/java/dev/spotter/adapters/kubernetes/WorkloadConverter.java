package dev.spotter.adapters.kubernetes;

import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import static dev.spotter.adapters.kubernetes.LabelSelectors.orEmpty;

/** fabric8 DaemonSets and PodDisruptionBudgets as Spotter's records. */
final class WorkloadConverter {
    private WorkloadConverter() {
    }

    /** The DaemonSet by the pod its template makes, owned by the DaemonSet. */
    static DaemonSet toDaemonSet(io.fabric8.kubernetes.api.model.apps.DaemonSet daemonSet) {
        ObjectMeta meta = daemonSet.getMetadata();
        String key = meta.getNamespace() + "/" + meta.getName();
        try {
            if (daemonSet.getSpec() == null || daemonSet.getSpec().getTemplate() == null) {
                throw new IllegalArgumentException("no pod template");
            }
            PodTemplateSpec template = daemonSet.getSpec().getTemplate();
            ObjectMeta templateMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
            return new DaemonSet(meta.getNamespace(), meta.getName(),
                    PodConverter.fromSpec(meta.getNamespace(), meta.getName(), template.getSpec())
                            .uid(meta.getUid())
                            .labels(orEmpty(templateMeta.getLabels()))
                            .annotations(orEmpty(templateMeta.getAnnotations()))
                            .owner("DaemonSet", meta.getName())
                            .createdAt(PodConverter.timestamp(meta.getCreationTimestamp()))
                            .build());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("DaemonSet " + key + ": " + e.getMessage(), e);
        }
    }

    /** A policy/v1 budget; a budget whose status the controller has not filled yet allows no disruption. */
    static PodDisruptionBudget toPodDisruptionBudget(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget budget) {
        ObjectMeta meta = budget.getMetadata();
        try {
            Integer allowed = budget.getStatus() == null ? null : budget.getStatus().getDisruptionsAllowed();
            return new PodDisruptionBudget(meta.getNamespace(), meta.getName(),
                    LabelSelectors.toRequirements(budget.getSpec() == null ? null : budget.getSpec().getSelector()),
                    allowed == null ? 0 : allowed);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("PodDisruptionBudget " + meta.getNamespace() + "/" + meta.getName()
                    + ": " + e.getMessage(), e);
        }
    }
}
