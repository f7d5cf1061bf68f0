package dev.spotter.scheduling;

import dev.spotter.model.Resources;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Gives every resource name the engine looks at a dense index, so amounts are {@code long[]} and fit checks are
 * loops over a few longs. Index 0 is always "pods": every pod takes one slot of a node's pod capacity.
 */
final class ResourceIndex {
    static final int PODS = 0;
    /** A node without a "pods" allocatable is treated as unbounded in pods. */
    static final long UNBOUNDED = Long.MAX_VALUE / 4;

    private final String[] names;

    ResourceIndex(Collection<String> resourceNames) {
        TreeSet<String> sorted = new TreeSet<>(resourceNames);
        sorted.remove(Resources.PODS);
        List<String> list = new ArrayList<>();
        list.add(Resources.PODS);
        list.addAll(sorted);
        this.names = list.toArray(new String[0]);
    }

    int size() {
        return names.length;
    }

    String name(int index) {
        return names[index];
    }

    int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The requests of one pod (one pod slot included). */
    long[] requests(Resources requests) {
        long[] vector = vector(requests);
        vector[PODS] = 1;
        return vector;
    }

    /** What a node offers; a missing "pods" entry is unbounded, any other missing resource is zero. */
    long[] allocatable(Resources allocatable) {
        long[] vector = vector(allocatable);
        if (allocatable.get(Resources.PODS) == 0 && !allocatable.names().contains(Resources.PODS)) {
            vector[PODS] = UNBOUNDED;
        }
        return vector;
    }

    long[] vector(Resources resources) {
        long[] vector = new long[names.length];
        for (Map.Entry<String, Long> entry : resources.asMap().entrySet()) {
            int index = indexOf(entry.getKey());
            if (index >= 0) {
                vector[index] = entry.getValue();
            }
        }
        return vector;
    }

    Resources toResources(long[] vector) {
        Resources.Builder builder = Resources.builder();
        for (int i = 0; i < names.length; i++) {
            if (vector[i] > 0 && vector[i] < UNBOUNDED) {
                builder.set(names[i], vector[i]);
            }
        }
        return builder.build();
    }

    static boolean fits(long[] used, long[] request, long[] allocatable) {
        for (int i = 0; i < request.length; i++) {
            if (used[i] + request[i] > allocatable[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean within(long[] used, long[] allocatable) {
        for (int i = 0; i < used.length; i++) {
            if (used[i] > allocatable[i]) {
                return false;
            }
        }
        return true;
    }

    static void add(long[] target, long[] amount) {
        for (int i = 0; i < target.length; i++) {
            target[i] += amount[i];
        }
    }

    static void subtract(long[] target, long[] amount) {
        for (int i = 0; i < target.length; i++) {
            target[i] -= amount[i];
        }
    }

    /** Describes the resources a vector asks for, for people: "cpu=1500m, memory=2Gi, pods=1". */
    String describe(long[] vector) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if (vector[i] <= 0) {
                continue;
            }
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(names[i]).append('=').append(format(names[i], vector[i]));
        }
        return text.toString();
    }

    private static String format(String name, long value) {
        if (Resources.CPU.equals(name)) {
            return value % 1000 == 0 ? Long.toString(value / 1000) : value + "m";
        }
        if (Resources.MEMORY.equals(name) || Resources.EPHEMERAL_STORAGE.equals(name)) {
            if (value % (1L << 30) == 0) {
                return (value >> 30) + "Gi";
            }
            if (value % (1L << 20) == 0) {
                return (value >> 20) + "Mi";
            }
        }
        return Long.toString(value);
    }
}
