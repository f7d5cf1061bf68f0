package dev.spotter.scheduling;

import java.util.List;

import static dev.spotter.scheduling.PackingGroup.UNCAPPED;

/**
 * The packing designer's fill simulation: for one seed group and the fillers that may share its node, simulates
 * filling a node of each candidate type (the seed first, then the fillers greedily) and keeps the fill with the lowest
 * price per fair price packed.
 */
final class FillSimulator {
    /**
     * Every type up to this many (or when at most {@link #FEW_GROUPS} groups could share the node) is simulated; beyond,
     * a spread of probes and the neighbours of the best one.
     */
    private static final int EXHAUSTIVE_TYPES = 24;
    private static final int PROBES = 12;
    private static final int FEW_GROUPS = 64;
    private static final int CHEAPEST_PROBES = 4;
    private static final int NEIGHBOURS = 3;
    private final NodeConflicts node;
    /** The uncapped requests one node of a capped seed should take (null when the seed is not capped). */
    private long[] share;
    private long[] allowance = new long[0];
    private long[] smallestShared;

    FillSimulator(NodeConflicts node) {
        this.node = node;
    }

    /** Starts a NodePool's design. */
    void reset(int resources) {
        allowance = new long[resources];
    }

    /** Sets the share of the uncapped fillers each of the {@code nodesLeft} nodes a capped seed needs should take. */
    void prepare(List<PackingGroup> fillers, int nodesLeft, int resources) {
        share = nodesLeft > 0 ? share(fillers, nodesLeft, resources) : null;
        smallestShared = share != null ? smallest(fillers, resources) : null;
    }

    /**
     * Simulates the candidate types (cheapest first) and leaves the best fill in {@code best}. Past
     * {@link #EXHAUSTIVE_TYPES} candidates, it simulates a spread of probes, then the neighbours of the best probe. Once a
     * type holds every pod left, dearer types cannot pack more, so they are skipped.
     */
    void chooseType(List<TypeModel> candidates, PackingGroup seed, List<PackingGroup> fillers, int[] runEnds, int nodesLeft, long podsLeft,
                    long[] remaining, Fill fill, Fill best, int warmPosition) {
        best.clear();
        int n = candidates.size();
        boolean[] tried = new boolean[n];
        int saturatedAt = n;
        // few groups make a simulation cheap: then every type is tried
        int step = n <= EXHAUSTIVE_TYPES || fillers.size() <= FEW_GROUPS ? 1 : Math.max(1, n / PROBES);
        if (warmPosition >= 0 && step > 1) {
            // around the previous choice only
            for (int i = Math.max(0, warmPosition - NEIGHBOURS); i <= Math.min(n - 1, warmPosition + NEIGHBOURS); i++) {
                evaluate(candidates.get(i), seed, fillers, runEnds, nodesLeft, remaining, fill, best, i);
            }
            return;
        }
        for (int i = 0; i < n && i < saturatedAt; i++) {
            if (step > 1 && i >= CHEAPEST_PROBES && i % step != 0 && i != n - 1) {
                continue;
            }
            tried[i] = true;
            if (evaluate(candidates.get(i), seed, fillers, runEnds, nodesLeft, remaining, fill, best, i) && fill.pods == podsLeft) {
                saturatedAt = i;
            }
        }
        if (step > 1 && best.count > 0) {
            int centre = best.position;
            for (int i = Math.max(0, centre - NEIGHBOURS); i <= Math.min(Math.min(n - 1, saturatedAt), centre + NEIGHBOURS); i++) {
                if (!tried[i]) {
                    evaluate(candidates.get(i), seed, fillers, runEnds, nodesLeft, remaining, fill, best, i);
                }
            }
        }
    }

    /** Simulates one type; keeps it in {@code best} if better. Returns whether the fill took any pod. */
    private boolean evaluate(TypeModel type, PackingGroup seed, List<PackingGroup> fillers, int[] runEnds, int nodesLeft, long[] remaining, Fill fill,
                             Fill best, int position) {
        simulate(type, seed, fillers, runEnds, nodesLeft, remaining, fill);
        if (fill.count == 0) {
            return false;
        }
        fill.position = position;
        if (fill.better(best)) {
            best.copyFrom(fill);
        }
        return true;
    }

    /**
     * When the seed is capped per node, the nodes it needs should share the uncapped pods evenly: each node's share is
     * their total requests over the nodes needed, plus the largest single request so a whole pod always fits. Without
     * it, the first nodes would be large and take every uncapped pod, leaving the capped ones alone on small nodes.
     */
    private static long[] share(List<PackingGroup> fillers, int nodesLeft, int resources) {
        double[] total = new double[resources];
        long[] largest = new long[resources];
        for (PackingGroup group : fillers) {
            if (group.cap != UNCAPPED) {
                continue;
            }
            long[] requests = group.requests();
            for (int r = 0; r < resources; r++) {
                total[r] += (double) requests[r] * group.remaining();
                largest[r] = Math.max(largest[r], requests[r]);
            }
        }
        long[] share = new long[resources];
        for (int r = 0; r < resources; r++) {
            share[r] = (long) Math.ceil(total[r] / nodesLeft) + largest[r];
        }
        return share;
    }

    /** The element-wise smallest request of the uncapped fillers: below it in any resource, no more of them fit. */
    private static long[] smallest(List<PackingGroup> fillers, int resources) {
        long[] smallest = new long[resources];
        java.util.Arrays.fill(smallest, Long.MAX_VALUE);
        boolean any = false;
        for (PackingGroup group : fillers) {
            if (group.cap == UNCAPPED) {
                any = true;
                long[] requests = group.requests();
                for (int r = 0; r < resources; r++) {
                    smallest[r] = Math.min(smallest[r], requests[r]);
                }
            }
        }
        return any ? smallest : new long[resources];
    }

    /** For each filler, the index after the last filler with the same requests (a run that fits or not as one). */
    static int[] runEnds(List<PackingGroup> fillers) {
        int[] ends = new int[fillers.size()];
        int end = fillers.size();
        for (int i = fillers.size() - 1; i >= 0; i--) {
            if (i + 1 < fillers.size() && !java.util.Arrays.equals(fillers.get(i).requests(), fillers.get(i + 1).requests())) {
                end = i + 1;
            }
            ends[i] = end;
        }
        return ends;
    }

    private void simulate(TypeModel type, PackingGroup seed, List<PackingGroup> fillers, int[] runEnds, int nodesLeft, long[] remaining, Fill fill) {
        fill.clear();
        node.clear();
        System.arraycopy(type.allocatable, 0, remaining, 0, remaining.length);
        int seedCount = Math.min(Math.min(seed.remaining(), seed.cap), fitCount(remaining, seed.requests()));
        if (seedCount == 0) {
            return;
        }
        long zones = seed.zones;
        int cts = seed.capacityTypes;
        fill.add(seed, seedCount, remaining);
        node.add(seed, seedCount);
        if (share != null) {
            System.arraycopy(share, 0, allowance, 0, share.length);
        }
        for (int i = 0; i < fillers.size(); i++) {
            if (remaining[ResourceIndex.PODS] <= 0) {
                break;
            }
            PackingGroup group = fillers.get(i);
            long[] requests = group.requests();
            boolean shared = share != null && group.cap == UNCAPPED;
            if (!ResourceIndex.within(requests, remaining) || shared && !ResourceIndex.within(requests, allowance)) {
                // no pod of the same size fits either: skip the run
                i = runEnds[i] - 1;
                continue;
            }
            if (!Bits.get(group.fit.types, type.index)) {
                continue;
            }
            long z = zones & group.zones;
            int c = cts & group.capacityTypes;
            if (z == 0 || c == 0 || !type.offered(z, c) || node.conflicts(group)) {
                continue;
            }
            int limit = Math.min(group.remaining(), group.cap);
            if (nodesLeft > 0 && group.cap == UNCAPPED) {
                // spread uncapped pods evenly over the nodes the capped ones need
                limit = Math.min(limit, (group.remaining() + nodesLeft - 1) / nodesLeft);
            }
            int count = Math.min(limit, fitCount(remaining, requests));
            if (share != null && group.cap == UNCAPPED) {
                count = Math.min(count, fitCount(allowance, requests));
                if (count == 0) {
                    continue;
                }
                for (int r = 0; r < requests.length; r++) {
                    allowance[r] -= requests[r] * count;
                }
            }
            fill.add(group, count, remaining);
            node.add(group, count);
            zones = z;
            cts = c;
            if (shared && !ResourceIndex.within(smallestShared, allowance)) {
                // the share is used up, and the uncapped pods come last
                break;
            }
        }
        fill.type = type;
        fill.zones = zones;
        fill.capacityTypes = cts;
        fill.price = type.price(zones, cts);
        fill.score = fill.price / fill.value;
    }

    private static int fitCount(long[] remaining, long[] requests) {
        long count = Integer.MAX_VALUE;
        for (int r = 0; r < requests.length; r++) {
            if (requests[r] > 0) {
                count = Math.min(count, remaining[r] / requests[r]);
            }
        }
        return (int) Math.max(0, count);
    }
}
