package dev.spotter.scheduling;

import dev.spotter.cluster.HostPort;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.TopologySpreadConstraint;
import dev.spotter.cluster.WeightedTerm;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pending pods that are interchangeable for placement: same namespace, requests, constraints and the labels any
 * selector looks at. Holds the relaxation ladder Karpenter's preferences.go walks when a pod does not fit: drop the
 * first required node-affinity term (while more than one is left), drop the heaviest preferred node-affinity term,
 * drop a ScheduleAnyway spread constraint, then tolerate PreferNoSchedule taints.
 */
final class PodClass {
    final int id;
    final Pod template;
    final long[] requests;
    final boolean needsAccelerator;
    final List<PodModel> pods = new ArrayList<>();
    final List<HostPort> hostPorts;
    final List<WeightedTerm> preferredByWeight;
    final List<TopologySpreadConstraint> scheduleAnyway;
    final boolean preferNoScheduleStep;
    final int maxLevel;
    final Variant[] variants;
    int[] selectedByGroups = new int[0];
    int[] selectedByAntiGroups = new int[0];

    PodClass(int id, Pod template, long[] requests, boolean anyPoolPrefersNoSchedule) {
        this.id = id;
        this.template = template;
        this.requests = requests;
        // whole GPUs, and shared ones (time-slicing's nvidia.com/gpu.shared, MIG's nvidia.com/mig-1g.10gb, ...)
        this.needsAccelerator = template.requests().names().stream().anyMatch(name -> name.startsWith("nvidia.com/")
                || name.startsWith("amd.com/")) || template.requests().get(Resources.NEURON) > 0
                || template.requests().get(Resources.NEURON_CORE) > 0;
        this.hostPorts = template.hostPorts();
        List<WeightedTerm> preferred = new ArrayList<>(template.preferredNodeAffinity());
        preferred.sort(Comparator.comparingInt(WeightedTerm::weight).reversed());
        this.preferredByWeight = List.copyOf(preferred);
        this.scheduleAnyway = template.topologySpread().stream().filter(c -> !c.doNotSchedule()).toList();
        // the last rung adds "tolerate every PreferNoSchedule taint" unless the pod already does
        this.preferNoScheduleStep = anyPoolPrefersNoSchedule && template.tolerations().stream()
                .noneMatch(t -> t.key().isEmpty() && t.operator().equals("Exists")
                        && (t.effect().isEmpty() || t.effect().equals(Taint.PREFER_NO_SCHEDULE)));
        this.maxLevel = Math.max(0, template.requiredNodeAffinity().size() - 1) + preferredByWeight.size() + scheduleAnyway.size()
                + (preferNoScheduleStep ? 1 : 0);
        this.variants = new Variant[maxLevel + 1];
    }

    String namespace() {
        return template.namespace();
    }

    /** Index of the required node-affinity term in force at a relaxation level. */
    int requiredTermAt(int level) {
        int terms = template.requiredNodeAffinity().size();
        return terms == 0 ? -1 : Math.min(level, terms - 1);
    }

    /** How many of the heaviest preferred terms are dropped at a level. */
    int preferredDroppedAt(int level) {
        int rest = level - Math.max(0, template.requiredNodeAffinity().size() - 1);
        return Math.max(0, Math.min(rest, preferredByWeight.size()));
    }

    int scheduleAnywayDroppedAt(int level) {
        int rest = level - Math.max(0, template.requiredNodeAffinity().size() - 1) - preferredByWeight.size();
        return Math.max(0, Math.min(rest, scheduleAnyway.size()));
    }

    boolean toleratesPreferNoScheduleAt(int level) {
        return preferNoScheduleStep && level == maxLevel;
    }

    @Override
    public String toString() {
        return "class" + id + "(" + template.key() + ")";
    }
}
