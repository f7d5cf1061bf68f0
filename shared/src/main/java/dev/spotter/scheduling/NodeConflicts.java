package dev.spotter.scheduling;

import java.util.ArrayList;
import java.util.List;

/**
 * What keeps pods apart on the node being simulated, tracked by topology group so a check costs a few array reads:
 * groups owned by pods on the node that repel what they select (hostname anti-affinity and spread, zonal
 * anti-affinity), how many pods each such group selects on the node, host ports, and requirements on custom labels.
 */
final class NodeConflicts {
    private final boolean[] owned;
    private final int[] selected;
    private final List<Integer> touched = new ArrayList<>();
    private final List<dev.spotter.cluster.HostPort> ports = new ArrayList<>();
    private final List<Variant> customLabelMembers = new ArrayList<>();

    NodeConflicts(int groups) {
        this.owned = new boolean[groups];
        this.selected = new int[groups];
    }

    void clear() {
        for (int id : touched) {
            owned[id] = false;
            selected[id] = 0;
        }
        touched.clear();
        ports.clear();
        customLabelMembers.clear();
    }

    boolean conflicts(PackingGroup group) {
        for (int id : group.repelledBy) {
            if (owned[id]) {
                return true;
            }
        }
        for (int id : group.repels) {
            if (selected[id] > 0) {
                return true;
            }
        }
        for (var wanted : group.variant.podClass.hostPorts) {
            for (var bound : ports) {
                if (wanted.conflictsWith(bound)) {
                    return true;
                }
            }
        }
        if (group.customLabels) {
            for (Variant member : customLabelMembers) {
                if (!member.requirements.intersects(group.variant.requirements)) {
                    return true;
                }
            }
        }
        return false;
    }

    void add(PackingGroup group, int count) {
        for (int id : group.repels) {
            owned[id] = true;
            touched.add(id);
        }
        for (int id : group.repelledBy) {
            selected[id] += count;
            touched.add(id);
        }
        ports.addAll(group.variant.podClass.hostPorts);
        if (group.customLabels) {
            customLabelMembers.add(group.variant);
        }
    }
}
