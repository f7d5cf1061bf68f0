package dev.spotter.scheduling;

import dev.spotter.model.Requirements;
import dev.spotter.model.Taint;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

/** An existing node or in-flight claim: fixed labels, taints and allocatable. */
final class NodeTarget extends Target {
    final String name;
    final boolean inFlight;
    final Map<String, String> labels;
    final Requirements labelRequirements;
    final List<Taint> taints;
    final long[] allocatable;
    final BitSet compatible = new BitSet();
    final BitSet incompatible = new BitSet();

    NodeTarget(int id, String name, boolean inFlight, Map<String, String> labels, List<Taint> taints, long[] allocatable,
               long zoneMask, int capacityTypes) {
        super(id, allocatable.length);
        this.name = name;
        this.inFlight = inFlight;
        this.labels = labels;
        this.labelRequirements = Requirements.fromLabels(labels);
        this.taints = taints;
        this.allocatable = allocatable;
        this.zoneMask = zoneMask;
        this.capacityTypes = capacityTypes;
    }

    @Override
    String name() {
        return name;
    }

    @Override
    boolean admittedBy(TopologyGroup.NodeFilter filter) {
        return filter.matchesLabels(labels);
    }
}
