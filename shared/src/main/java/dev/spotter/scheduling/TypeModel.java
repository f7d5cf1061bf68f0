package dev.spotter.scheduling;

import dev.spotter.catalog.InstanceType;
import dev.spotter.model.Requirement;

import java.util.Map;

/**
 * An instance type as one NodePool would launch it: allocatable less the DaemonSets that would land on it, capacity
 * (for limits), and the price of each available offering the NodePool allows, by zone and capacity type.
 */
final class TypeModel {
    final int index;
    final InstanceType type;
    final String name;
    final long[] allocatable;
    final long[] daemonOverhead;
    final long[] capacity;
    /** Price by capacity type then zone; +infinity where not offered, unavailable or not allowed by the NodePool. */
    final double[][] prices;
    /** Zones with an available, allowed offering, by capacity type. */
    final long[] zones;
    final boolean special;
    final Map<String, String> singleLabels;
    final Map<String, Requirement> otherLabels;

    TypeModel(int index, InstanceType type, long[] allocatable, long[] daemonOverhead, long[] capacity, double[][] prices,
              long[] zones, boolean special, Map<String, String> singleLabels, Map<String, Requirement> otherLabels) {
        this.index = index;
        this.type = type;
        this.name = type.name();
        this.allocatable = allocatable;
        this.daemonOverhead = daemonOverhead;
        this.capacity = capacity;
        this.prices = prices;
        this.zones = zones;
        this.special = special;
        this.singleLabels = singleLabels;
        this.otherLabels = otherLabels;
    }

    /** The cheapest available offering within the zone and capacity-type masks, or +infinity. */
    double price(long zoneMask, int capacityTypes) {
        double best = Double.POSITIVE_INFINITY;
        for (int ct = 0; ct < 2; ct++) {
            if ((capacityTypes & (1 << ct)) == 0) {
                continue;
            }
            for (long rest = zoneMask & zones[ct]; rest != 0; rest &= rest - 1) {
                double price = prices[ct][Long.numberOfTrailingZeros(rest)];
                if (price < best) {
                    best = price;
                }
            }
        }
        return best;
    }

    boolean offered(long zoneMask, int capacityTypes) {
        return ((capacityTypes & 1) != 0 && (zones[0] & zoneMask) != 0)
                || ((capacityTypes & 2) != 0 && (zones[1] & zoneMask) != 0);
    }

    /** Karpenter's instance-type compatibility: on every key both define, the allowed values overlap. */
    boolean intersects(Requirement requirement) {
        String value = singleLabels.get(requirement.key());
        if (value != null) {
            return requirement.has(value);
        }
        Requirement own = otherLabels.get(requirement.key());
        if (own == null) {
            return true;
        }
        if (!own.intersect(requirement).isEmptySet()) {
            return true;
        }
        return own.allowsAbsent() && requirement.allowsAbsent();
    }

    @Override
    public String toString() {
        return name;
    }
}
