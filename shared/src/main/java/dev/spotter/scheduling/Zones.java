package dev.spotter.scheduling;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Dense indexes for zones (at most 64, a bit each in a {@code long} mask) and capacity types (spot = bit 0,
 * on-demand = bit 1, following {@link dev.spotter.catalog.CapacityType} order).
 */
final class Zones {
    static final int SPOT = 0;
    static final int ON_DEMAND = 1;
    static final int ALL_CAPACITY_TYPES = 0b11;

    private final String[] names;

    Zones(Collection<String> zoneNames) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(zoneNames));
        if (sorted.size() > 64) {
            throw new IllegalArgumentException("the placement engine handles at most 64 zones, got " + sorted.size());
        }
        this.names = sorted.toArray(new String[0]);
    }

    int size() {
        return names.length;
    }

    long all() {
        return names.length == 64 ? -1L : (1L << names.length) - 1;
    }

    String name(int index) {
        return names[index];
    }

    int indexOf(String zone) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(zone)) {
                return i;
            }
        }
        return -1;
    }

    List<String> names(long mask) {
        List<String> list = new ArrayList<>();
        for (long rest = mask; rest != 0; rest &= rest - 1) {
            list.add(names[Long.numberOfTrailingZeros(rest)]);
        }
        return list;
    }

    static String capacityTypeLabel(int index) {
        return index == SPOT ? "spot" : "on-demand";
    }
}
