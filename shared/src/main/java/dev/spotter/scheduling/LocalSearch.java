package dev.spotter.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Improves a feasible set of claims without ever leaving feasibility, within a budget of moves (pod relocations):
 * empties the least-utilised claims into other claims' spare room, then merges pairs of small claims into one cheaper
 * type. A move that does not lower the total price is undone. Downsizing needs no move: a claim always costs its
 * cheapest remaining candidate. Claims of limited NodePools are only emptied, never merged (a merge would need the
 * limits the two claims hold before giving them back).
 */
final class LocalSearch {
    private static final double EPSILON = 1e-9;
    private static final int DESTINATIONS_PER_POD = 24;
    private static final int MERGE_WINDOW = 12;

    private final SchedulingState state;
    private int budget;
    private List<ClaimTarget> roomiest = List.of();

    LocalSearch(SchedulingState state, int budget) {
        this.state = state;
        this.budget = budget;
    }

    void improve() {
        state.compactClaims();
        emptyLeastUtilised();
        state.compactClaims();
        mergeSmallPairs();
        state.compactClaims();
    }

    // ---------------------------------------------------------------- emptying

    private void emptyLeastUtilised() {
        List<ClaimTarget> order = byUtilisation(state.liveClaims());
        this.roomiest = order;
        for (ClaimTarget claim : order) {
            if (budget <= 0) {
                return;
            }
            if (!claim.removed && !claim.isEmpty()) {
                tryEmpty(claim);
            }
        }
    }

    private void tryEmpty(ClaimTarget source) {
        double saved = state.price(source);
        List<PodModel> pods = new ArrayList<>(source.pods);
        List<ClaimTarget> destinations = destinations(source);
        if (destinations.isEmpty()) {
            return;
        }
        double before = 0;
        for (ClaimTarget destination : destinations) {
            before += state.price(destination);
        }
        List<PodModel> moved = new ArrayList<>();
        List<ClaimTarget> movedTo = new ArrayList<>();
        for (PodModel pod : pods) {
            ClaimTarget target = null;
            int tries = 0;
            for (ClaimTarget destination : destinations) {
                if (tries++ == DESTINATIONS_PER_POD || budget <= 0) {
                    break;
                }
                budget--;
                if (relocate(pod, source, destination)) {
                    target = destination;
                    break;
                }
            }
            if (target == null) {
                undo(moved, movedTo, source);
                return;
            }
            moved.add(pod);
            movedTo.add(target);
        }
        double after = 0;
        for (ClaimTarget destination : destinations) {
            after += state.price(destination);
        }
        // one node fewer at no extra cost is taken too: fewer daemonset copies, and it frees room for later merges
        if (after - before <= saved + EPSILON) {
            state.drop(source);
        } else {
            undo(moved, movedTo, source);
        }
    }

    /**
     * Other claims of the same NodePool that pods could move to, those with the most spare room (as utilised when the
     * pass began) first, at most {@link #DESTINATIONS_PER_POD}.
     */
    private List<ClaimTarget> destinations(ClaimTarget source) {
        List<ClaimTarget> result = new ArrayList<>();
        for (ClaimTarget claim : roomiest) {
            if (result.size() == DESTINATIONS_PER_POD) {
                break;
            }
            if (claim != source && !claim.removed && !claim.isEmpty() && claim.pool == source.pool
                    && (claim.zoneMask & source.zoneMask) != 0 && (claim.capacityTypes & source.capacityTypes) != 0) {
                result.add(claim);
            }
        }
        return result;
    }

    /** The claims, least utilised first (utilisation computed once, so the order is stable while moves happen). */
    private List<ClaimTarget> byUtilisation(List<ClaimTarget> claims) {
        double[] utilisation = new double[claims.size()];
        Integer[] order = new Integer[claims.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            utilisation[i] = utilisation(claims.get(i));
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> utilisation[i]).thenComparingInt(i -> claims.get(i).sequence));
        List<ClaimTarget> sorted = new ArrayList<>();
        for (int i : order) {
            sorted.add(claims.get(i));
        }
        return sorted;
    }

    // ---------------------------------------------------------------- merging

    /** Merges neighbours in price order; a merged claim is tried again against its new neighbours. */
    private void mergeSmallPairs() {
        boolean merged = true;
        while (merged && budget > 0) {
            merged = false;
            List<ClaimTarget> order = new ArrayList<>(state.liveClaims());
            order.removeIf(c -> c.pool.limited);
            order.sort(Comparator.comparingDouble(state::price).thenComparingInt(c -> c.sequence));
            for (int i = 0; i < order.size() && budget > 0; i++) {
                ClaimTarget first = order.get(i);
                for (int j = i + 1; j < order.size() && j <= i + MERGE_WINDOW && budget > 0; j++) {
                    ClaimTarget second = order.get(j);
                    if (first.removed || second.removed || first.pool != second.pool || !worthMerging(first, second)
                            || !state.topology.couldShareANode(first, second)) {
                        continue;
                    }
                    if (tryMerge(first, second)) {
                        merged = true;
                        break;
                    }
                }
            }
        }
    }

    /** A cheap necessary condition: some type of the NodePool holds both claims' pods for at most their combined price. */
    private boolean worthMerging(ClaimTarget first, ClaimTarget second) {
        double separate = state.price(first) + state.price(second);
        long[] together = first.used.clone();
        ResourceIndex.add(together, second.used);
        long zones = first.zoneMask & second.zoneMask;
        int cts = first.capacityTypes & second.capacityTypes;
        for (TypeModel type : first.pool.types) {
            if (type.price(zones, cts) <= separate + EPSILON && ResourceIndex.within(together, type.allocatable)) {
                return true;
            }
        }
        return false;
    }

    private boolean tryMerge(ClaimTarget first, ClaimTarget second) {
        long zones = first.zoneMask & second.zoneMask;
        int cts = first.capacityTypes & second.capacityTypes;
        if (zones == 0 || cts == 0) {
            return false;
        }
        double separate = state.price(first) + state.price(second);
        ClaimTarget merged = state.openClaim(first.pool, zones, cts, null);
        if (merged == null) {
            return false;
        }
        List<PodModel> moved = new ArrayList<>();
        List<ClaimTarget> origins = new ArrayList<>();
        boolean complete = true;
        for (ClaimTarget source : List.of(first, second)) {
            for (PodModel pod : new ArrayList<>(source.pods)) {
                budget--;
                if (!relocate(pod, source, merged)) {
                    complete = false;
                    break;
                }
                moved.add(pod);
                origins.add(source);
            }
            if (!complete) {
                break;
            }
        }
        if (complete && state.price(merged) <= separate + EPSILON) {
            state.drop(first);
            state.drop(second);
            return true;
        }
        for (int k = moved.size() - 1; k >= 0; k--) {
            moveBack(moved.get(k), merged, origins.get(k));
        }
        state.discard(merged);
        return false;
    }

    // ---------------------------------------------------------------- moves

    /**
     * Moves a pod between claims if the destination takes it. A pod with zone or capacity-type constraints (or counted
     * by one) only moves between claims pinned to the same domains, so no domain count changes.
     */
    private boolean relocate(PodModel pod, ClaimTarget from, ClaimTarget to) {
        Variant variant = pod.variant;
        // cheap refusals first, before taking the pod off its claim
        if (to.incompatible.get(variant.id) || variant.fits[to.pool.index] == null
                || !ResourceIndex.fits(to.used, variant.podClass.requests, to.maxAllocatable)
                || state.topology.breaksHostnameConstraint(to, variant)) {
            return false;
        }
        boolean domainBound = involvesDomains(variant);
        if (domainBound) {
            boolean same = from.zoneMask == to.zoneMask && from.capacityTypes == to.capacityTypes;
            // an empty merge target may take the source's domains if it allows them
            boolean adoptable = to.isEmpty() && (to.zoneMask & from.zoneMask) == from.zoneMask
                    && (to.capacityTypes & from.capacityTypes) == from.capacityTypes;
            if (!same && !adoptable) {
                return false;
            }
        }
        state.remove(from, pod);
        if (domainBound && to.isEmpty()) {
            to.zoneMask = from.zoneMask;
            to.capacityTypes = from.capacityTypes;
        }
        if (state.tryClaim(to, pod, variant, domainBound ? SchedulingState.Check.SAME_DOMAINS : SchedulingState.Check.FULL) == null) {
            return true;
        }
        restore(pod, variant, from);
        return false;
    }

    private void moveBack(PodModel pod, ClaimTarget from, ClaimTarget to) {
        Variant variant = pod.variant;
        state.remove(from, pod);
        restore(pod, variant, to);
    }

    private void undo(List<PodModel> moved, List<ClaimTarget> movedTo, ClaimTarget source) {
        for (int k = moved.size() - 1; k >= 0; k--) {
            moveBack(moved.get(k), movedTo.get(k), source);
        }
    }

    private void restore(PodModel pod, Variant variant, ClaimTarget claim) {
        String reason = state.tryClaim(claim, pod, variant, SchedulingState.Check.RESTORE);
        if (reason != null) {
            throw new IllegalStateException("could not put " + pod.key + " back on " + claim.name() + ": " + reason);
        }
    }

    private boolean involvesDomains(Variant variant) {
        for (int id : variant.ownedGroups) {
            if (DomainPinning.isDomainKeyed(state.groups.get(id))) {
                return true;
            }
        }
        for (int id : variant.podClass.selectedByGroups) {
            if (DomainPinning.isDomainKeyed(state.groups.get(id))) {
                return true;
            }
        }
        return false;
    }

    private double utilisation(ClaimTarget claim) {
        double price = state.price(claim);
        if (price <= 0 || Double.isInfinite(price)) {
            return 1;
        }
        double used = 0;
        long[] allocatable = claim.pool.types[Bits.next(claim.candidates, 0)].allocatable;
        for (int r = 0; r < allocatable.length; r++) {
            if (allocatable[r] > 0 && allocatable[r] < ResourceIndex.UNBOUNDED) {
                used = Math.max(used, (double) claim.used[r] / allocatable[r]);
            }
        }
        return used;
    }
}
