package dev.spotter.scheduling;

import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of pods of one variant that go to the same NodePool, zone and capacity type, as the packing designer takes
 * them: with the fair price of one pod, its per-node cap (hostname anti-affinity or spread, host ports) and the
 * repelling topology groups that keep it apart from others.
 */
final class PackingGroup {
    /** No per-node cap. */
    static final int UNCAPPED = Integer.MAX_VALUE;

    final Variant variant;
    final PoolFit fit;
    final long zones;
    final int capacityTypes;
    final boolean pinned;
    final List<PodModel> pods = new ArrayList<>();
    int next;
    double fair;
    int cap;
    int capKey;
    /** Repelling topology groups that select these pods, and those these pods own. */
    int[] repelledBy = new int[0];
    int[] repels = new int[0];
    /** The pods require labels that are not well known (NodePool labels): checked pairwise. */
    boolean customLabels;

    PackingGroup(Variant variant, PoolFit fit, long zones, int capacityTypes, boolean pinned) {
        this.variant = variant;
        this.fit = fit;
        this.zones = zones;
        this.capacityTypes = capacityTypes;
        this.pinned = pinned;
    }

    int remaining() {
        return pods.size() - next;
    }

    long[] requests() {
        return variant.podClass.requests;
    }

    static PackingGroup create(Problem problem, Variant variant, PoolFit fit, long zones, int cts, boolean pinned) {
        PackingGroup group = new PackingGroup(variant, fit, zones, cts, pinned);
        group.fair = fairPrice(fit, zones, cts, variant.podClass.requests);
        group.cap = UNCAPPED;
        group.capKey = Integer.MIN_VALUE;
        for (int id : variant.ownedGroups) {
            TopologyGroup topology = problem.groups.get(id);
            if (topology.keyKind != TopologyGroup.KeyKind.HOSTNAME || !selects(variant.podClass, id)) {
                continue;
            }
            int cap = topology.kind == TopologyGroup.Kind.ANTI_AFFINITY ? 1 : topology.kind == TopologyGroup.Kind.SPREAD ? topology.maxSkew() : UNCAPPED;
            if (cap < group.cap) {
                group.cap = cap;
                group.capKey = id;
            }
        }
        if (!variant.podClass.hostPorts.isEmpty() && group.cap > 1) {
            group.cap = 1;
            group.capKey = -1 - variant.podClass.hostPorts.get(0).port();
        }
        group.repelledBy = Arrays.stream(variant.podClass.selectedByGroups).filter(id -> repels(problem.groups.get(id))).toArray();
        group.repels = Arrays.stream(variant.ownedGroups).filter(id -> repels(problem.groups.get(id))).toArray();
        group.customLabels = variant.requirements.keys().stream().anyMatch(k -> !WellKnownLabels.WELL_KNOWN.contains(k));
        return group;
    }

    /** Groups whose owners keep the pods they select off their node (or, zonal anti-affinity, out of their zone). */
    private static boolean repels(TopologyGroup group) {
        return group.kind == TopologyGroup.Kind.ANTI_AFFINITY && group.keyKind != TopologyGroup.KeyKind.CAPACITY_TYPE
                || group.kind == TopologyGroup.Kind.SPREAD && group.keyKind == TopologyGroup.KeyKind.HOSTNAME;
    }

    /** The cheapest price of one pod if it filled its best type exactly on its dominant resource. */
    private static double fairPrice(PoolFit fit, long zones, int cts, long[] requests) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = Bits.next(fit.types, 0); i >= 0; i = Bits.next(fit.types, i + 1)) {
            TypeModel type = fit.pool.types[i];
            double price = type.price(zones, cts);
            if (price == Double.POSITIVE_INFINITY) {
                continue;
            }
            double share = 0;
            for (int r = 0; r < requests.length; r++) {
                if (requests[r] > 0) {
                    share = Math.max(share, (double) requests[r] / type.allocatable[r]);
                }
            }
            best = Math.min(best, price * share);
        }
        return best == Double.POSITIVE_INFINITY || best <= 0 ? 1e-9 : best;
    }

    static boolean selects(PodClass podClass, int groupId) {
        return Arrays.binarySearch(podClass.selectedByGroups, groupId) >= 0;
    }
}
