package dev.spotter.lifecycle;

import dev.spotter.cluster.Pod;
import dev.spotter.model.Taint;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Karpenter's eviction order for a draining node: non-critical pods before critical ones, DaemonSet pods after the
 * rest; a group is evicted only once every earlier group is gone, so that workloads leave before the daemons that
 * serve them. Pods that tolerate the disrupted taint would come straight back and are left alone, as are static pods.
 */
public final class DrainOrder {

    private DrainOrder() {
    }

    /** The pods to evict next: the first non-empty group, sorted by name for determinism. */
    public static List<Pod> nextGroup(List<Pod> podsOnNode) {
        List<List<Pod>> groups = groups(podsOnNode);
        for (List<Pod> group : groups) {
            if (!group.isEmpty()) {
                return group;
            }
        }
        return List.of();
    }

    /** The drainable pods in eviction groups: non-critical, non-critical DaemonSet, critical, critical DaemonSet. */
    public static List<List<Pod>> groups(List<Pod> podsOnNode) {
        List<List<Pod>> groups = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Pod pod : podsOnNode) {
            if (!isDrainable(pod)) {
                continue;
            }
            int index = (pod.isCritical() ? 2 : 0) + (pod.isDaemonSetPod() ? 1 : 0);
            groups.get(index).add(pod);
        }
        groups.forEach(group -> group.sort(Comparator.comparing(Pod::key)));
        return groups;
    }

    public static boolean isDrainable(Pod pod) {
        if ("Node".equals(pod.ownerKind())) {
            return false;
        }
        return pod.tolerations().stream().noneMatch(t -> t.tolerates(Taint.DISRUPTED));
    }

    /** Pods that ask not to be disrupted; they hold the drain until the NodePool's terminationGracePeriod runs out. */
    public static boolean blocksDisruption(Pod pod) {
        return "true".equals(pod.annotations().get(WellKnownLabels.DO_NOT_DISRUPT_ANNOTATION));
    }

}
