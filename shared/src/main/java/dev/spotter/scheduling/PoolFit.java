package dev.spotter.scheduling;

import java.util.Arrays;

/**
 * What one pod variant may use in one NodePool: the instance types (a bit per pool type) whose labels, offerings and
 * allocatable admit one such pod, and the zones and capacity types allowed by both the NodePool and the pod.
 */
final class PoolFit {
    final PoolModel pool;
    final long[] types;
    final long zoneMask;
    final int capacityTypes;
    /** The cheapest of the types by capacity type and zone (+infinity where none is offered); computed on first use. */
    private double[][] cheapest;
    private long offeredZones;
    private int offeredCapacityTypes;

    PoolFit(PoolModel pool, long[] types, long zoneMask, int capacityTypes) {
        this.pool = pool;
        this.types = types;
        this.zoneMask = zoneMask;
        this.capacityTypes = capacityTypes;
    }

    /** Zones (within the allowed ones) where some of the types has an available offering. */
    long offeredZones() {
        prices();
        return offeredZones;
    }

    /** Capacity types (within the allowed ones) some of the types is offered in, in those zones. */
    int offeredCapacityTypes() {
        prices();
        return offeredCapacityTypes;
    }

    /** The cheapest price of any of the types within the zone and capacity-type masks, or +infinity. */
    double cheapestPrice(long zones, int cts) {
        double[][] prices = prices();
        double best = Double.POSITIVE_INFINITY;
        for (int ct = 0; ct < 2; ct++) {
            if ((cts & (1 << ct)) == 0) {
                continue;
            }
            for (long rest = zones; rest != 0; rest &= rest - 1) {
                best = Math.min(best, prices[ct][Long.numberOfTrailingZeros(rest)]);
            }
        }
        return best;
    }

    private double[][] prices() {
        if (cheapest != null) {
            return cheapest;
        }
        int zones = 64 - Long.numberOfLeadingZeros(zoneMask);
        double[][] prices = new double[2][Math.max(zones, 1)];
        Arrays.fill(prices[0], Double.POSITIVE_INFINITY);
        Arrays.fill(prices[1], Double.POSITIVE_INFINITY);
        for (int i = Bits.next(types, 0); i >= 0; i = Bits.next(types, i + 1)) {
            TypeModel type = pool.types[i];
            for (int ct = 0; ct < 2; ct++) {
                if ((capacityTypes & (1 << ct)) == 0) {
                    continue;
                }
                for (long rest = type.zones[ct] & zoneMask; rest != 0; rest &= rest - 1) {
                    int zone = Long.numberOfTrailingZeros(rest);
                    prices[ct][zone] = Math.min(prices[ct][zone], type.prices[ct][zone]);
                    offeredZones |= 1L << zone;
                    offeredCapacityTypes |= 1 << ct;
                }
            }
        }
        cheapest = prices;
        return prices;
    }
}
