package dev.spotter.scheduling;

import dev.spotter.cluster.Pod;

/** One pending pod in a scheduling run, and where the run has put it so far. */
final class PodModel {
    final int index;
    final Pod pod;
    final String key;
    final PodClass podClass;
    Target target;
    Variant variant;
    /** The zone and capacity-type domains this pod was counted in, so removing it undoes exactly that. */
    long recordedZones;
    int recordedCapacityTypes;
    int[] recordedGroups;

    PodModel(int index, Pod pod, PodClass podClass) {
        this.index = index;
        this.pod = pod;
        this.key = pod.key();
        this.podClass = podClass;
    }

    long[] requests() {
        return podClass.requests;
    }

    @Override
    public String toString() {
        return key;
    }
}
