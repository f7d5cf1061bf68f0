package dev.spotter.scheduling;

/**
 * Zone and capacity-type counts as the commit will find them, to choose each constrained pod's domains in the
 * order they will be committed: Karpenter's spread and affinity choice replayed on counts, the cheapest domain on ties.
 */
final class DomainPinning {
    private final Problem problem;
    private final SchedulingState state;
    private final int[][] counts;
    private final int[][] owners;
    private final int[] totals;

    DomainPinning(SchedulingState state) {
        this.state = state;
        this.problem = state.problem;
        this.counts = new int[problem.groups.size()][];
        this.owners = new int[problem.groups.size()][];
        this.totals = new int[problem.groups.size()];
    }

    private int[] counts(TopologyGroup group) {
        if (counts[group.id] == null) {
            counts[group.id] = group.counts.clone();
            owners[group.id] = group.owners.clone();
            totals[group.id] = group.total;
        }
        return counts[group.id];
    }

    /** The pod's zone and capacity type (one bit each), or null when its constraints leave none. */
    long[] pin(Variant variant, PoolFit fit, long zones, int cts) {
        long zoneMask = zones;
        long ctMask = cts;
        PodClass podClass = variant.podClass;
        for (int position = 0; position < variant.ownedGroups.length; position++) {
            TopologyGroup group = problem.groups.get(variant.ownedGroups[position]);
            if (!isDomainKeyed(group)) {
                continue;
            }
            boolean zone = group.keyKind == TopologyGroup.KeyKind.ZONE;
            long narrowed = choose(group, variant, position, fit, zone ? zoneMask : ctMask, zone, PackingGroup.selects(podClass, group.id));
            if (zone) {
                zoneMask = narrowed;
            } else {
                ctMask = narrowed;
            }
            if (narrowed == 0) {
                return null;
            }
        }
        for (int id : podClass.selectedByAntiGroups) {
            TopologyGroup group = problem.groups.get(id);
            if (!isDomainKeyed(group)) {
                continue;
            }
            counts(group);
            long blocked = 0;
            for (int d = 0; d < owners[id].length; d++) {
                if (owners[id][d] > 0) {
                    blocked |= 1L << d;
                }
            }
            if (group.keyKind == TopologyGroup.KeyKind.ZONE) {
                zoneMask &= ~blocked;
            } else {
                ctMask &= ~blocked;
            }
        }
        if (zoneMask == 0 || ctMask == 0) {
            return null;
        }
        zoneMask = Long.lowestOneBit(cheapestFirst(fit, zoneMask, (int) ctMask));
        ctMask = cheapestCapacityType(fit, zoneMask, (int) ctMask);
        record(variant, zoneMask, (int) ctMask);
        return new long[] {zoneMask, ctMask};
    }

    private long choose(TopologyGroup group, Variant variant, int position, PoolFit fit, long domains, boolean zone, boolean self) {
        int[] c = counts(group);
        long podDomains = zone ? variant.ownZoneMask : variant.ownCapacityTypes;
        switch (group.kind) {
            case SPREAD -> {
                long universe = state.topology.universe(variant, position, group);
                int min = minCount(c, universe, group.identity.minDomains());
                long allowed = 0;
                int lowest = Integer.MAX_VALUE;
                for (long rest = domains & podDomains; rest != 0; rest &= rest - 1) {
                    int d = Long.numberOfTrailingZeros(rest);
                    if (c[d] + (self ? 1 : 0) - min > group.maxSkew()) {
                        continue;
                    }
                    if (c[d] < lowest) {
                        lowest = c[d];
                        allowed = 0;
                    }
                    if (c[d] == lowest) {
                        allowed |= 1L << d;
                    }
                }
                return allowed;
            }
            case AFFINITY -> {
                long allowed = 0;
                for (long rest = domains; rest != 0; rest &= rest - 1) {
                    int d = Long.numberOfTrailingZeros(rest);
                    if (c[d] > 0) {
                        allowed |= 1L << d;
                    }
                }
                if (allowed == 0 && self && totals[group.id] == 0) {
                    allowed = domains & podDomains;
                }
                return allowed;
            }
            default -> {
                long allowed = 0;
                for (long rest = domains; rest != 0; rest &= rest - 1) {
                    int d = Long.numberOfTrailingZeros(rest);
                    if (c[d] == 0) {
                        allowed |= 1L << d;
                    }
                }
                return allowed;
            }
        }
    }

    private int minCount(int[] c, long universe, int minDomains) {
        if (universe == 0 || Long.bitCount(universe) < minDomains) {
            return 0;
        }
        int min = Integer.MAX_VALUE;
        for (long rest = universe; rest != 0; rest &= rest - 1) {
            min = Math.min(min, c[Long.numberOfTrailingZeros(rest)]);
        }
        return min;
    }

    private void record(Variant variant, long zone, int ct) {
        for (int id : variant.podClass.selectedByGroups) {
            TopologyGroup group = problem.groups.get(id);
            if (!isDomainKeyed(group)) {
                continue;
            }
            int[] c = counts(group);
            int d = Long.numberOfTrailingZeros(group.keyKind == TopologyGroup.KeyKind.ZONE ? zone : ct);
            c[d]++;
            totals[id]++;
        }
        for (int id : variant.ownedGroups) {
            TopologyGroup group = problem.groups.get(id);
            if (group.kind == TopologyGroup.Kind.ANTI_AFFINITY && isDomainKeyed(group)) {
                counts(group);
                owners[id][Long.numberOfTrailingZeros(group.keyKind == TopologyGroup.KeyKind.ZONE ? zone : ct)]++;
            }
        }
    }

    static boolean isDomainKeyed(TopologyGroup group) {
        return group.keyKind == TopologyGroup.KeyKind.ZONE || group.keyKind == TopologyGroup.KeyKind.CAPACITY_TYPE;
    }

    /** The zones of {@code zones} ordered so the lowest bit is the cheapest for this pod (ties: lower index). */
    private static long cheapestFirst(PoolFit fit, long zones, int cts) {
        int best = -1;
        double bestPrice = Double.POSITIVE_INFINITY;
        for (long rest = zones; rest != 0; rest &= rest - 1) {
            int d = Long.numberOfTrailingZeros(rest);
            double price = fit.cheapestPrice(1L << d, cts);
            if (best < 0 || price < bestPrice) {
                best = d;
                bestPrice = price;
            }
        }
        return 1L << best;
    }

    private static int cheapestCapacityType(PoolFit fit, long zone, int cts) {
        if (Integer.bitCount(cts) == 1) {
            return cts;
        }
        return fit.cheapestPrice(zone, 1 << Zones.SPOT) <= fit.cheapestPrice(zone, 1 << Zones.ON_DEMAND) ? 1 << Zones.SPOT : 1 << Zones.ON_DEMAND;
    }
}
