package dev.spotter.scheduling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CostOptimizing's construction step. Pods of the same variant form a group; pods with zone or capacity-type
 * constraints are first given their domain (replaying Karpenter's spread/affinity choice on counts, cheapest domain on
 * ties). Then, NodePool by NodePool, it repeatedly takes the hardest group left (accelerators, then pods capped per
 * node by hostname anti-affinity/spread or host ports, then largest), and for each instance type simulates filling a
 * node with that pod and greedily with compatible others; it opens the type with the lowest price per "fair price" of
 * the pods packed (a pod's fair price is what it would cost perfectly packed on its best type), as many times as the
 * same fill repeats. The designs are then committed pod by pod through {@link SchedulingState#tryClaim}, so every
 * constraint is checked exactly as for FFD; a pod whose commit fails is returned as a leftover.
 */
final class PackingDesigner {
    private static final int UNCAPPED = Integer.MAX_VALUE;

    private final SchedulingState state;
    private final Problem problem;
    private final Map<Long, Boolean> compatibility = new HashMap<>();
    private final List<PodModel> leftovers = new ArrayList<>();
    private final List<PodModel> pinnedSequence = new ArrayList<>();
    private final Map<PodModel, Design> designOf = new HashMap<>();
    private Set<PodModel> pinned;

    PackingDesigner(SchedulingState state) {
        this.state = state;
        this.problem = state.problem;
    }

    /** A set of pods of one variant that go to the same NodePool, zone and capacity type. */
    static final class Group {
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

        Group(Variant variant, PoolFit fit, long zones, int capacityTypes, boolean pinned) {
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
    }

    /** A node to open: a type, its zones and capacity types, and the pods meant for it. */
    static final class Design {
        final PoolModel pool;
        final TypeModel type;
        final long zones;
        final int capacityTypes;
        final List<PodModel> pods = new ArrayList<>();
        ClaimTarget claim;

        Design(PoolModel pool, TypeModel type, long zones, int capacityTypes) {
            this.pool = pool;
            this.type = type;
            this.zones = zones;
            this.capacityTypes = capacityTypes;
        }
    }

    /** Places what it can of {@code pods} (each at the variant given) on new claims; returns the pods it could not. */
    List<PodModel> place(List<PodModel> pods, Map<PodModel, Variant> variants) {
        Map<PoolModel, List<Group>> groupsByPool = group(pods, variants);
        List<Design> designs = new ArrayList<>();
        for (Map.Entry<PoolModel, List<Group>> entry : groupsByPool.entrySet()) {
            design(entry.getKey(), entry.getValue(), designs);
        }
        commit(designs, variants);
        return leftovers;
    }

    // ---------------------------------------------------------------- grouping and domain pinning

    private Map<PoolModel, List<Group>> group(List<PodModel> pods, Map<PodModel, Variant> variants) {
        DomainCounts counts = new DomainCounts();
        Map<String, Group> byKey = new LinkedHashMap<>();
        for (PodModel pod : pods) {
            Variant variant = variants.get(pod);
            PoolFit fit = designablePool(variant);
            if (fit == null) {
                leftovers.add(pod);
                continue;
            }
            long zones = offeredZones(fit);
            int cts = offeredCapacityTypes(fit, zones);
            boolean pinned = false;
            if (involvesDomains(variant)) {
                long[] pin = counts.pin(variant, fit, zones, cts);
                if (pin == null) {
                    leftovers.add(pod);
                    continue;
                }
                zones = pin[0];
                cts = (int) pin[1];
                pinned = true;
                pinnedSequence.add(pod);
            }
            String key = variant.id + "/" + fit.pool.index + "/" + zones + "/" + cts;
            long finalZones = zones;
            int finalCts = cts;
            boolean finalPinned = pinned;
            Group group = byKey.computeIfAbsent(key, k -> newGroup(variant, fit, finalZones, finalCts, finalPinned));
            group.pods.add(pod);
        }
        Map<PoolModel, List<Group>> byPool = new LinkedHashMap<>();
        for (Group group : byKey.values()) {
            byPool.computeIfAbsent(group.fit.pool, p -> new ArrayList<>()).add(group);
        }
        for (List<Group> groups : byPool.values()) {
            // hardest first: accelerators, then pods capped per node, then Karpenter's size order (kept from the input)
            groups.sort((a, b) -> {
                int accelerator = Boolean.compare(b.variant.podClass.needsAccelerator, a.variant.podClass.needsAccelerator);
                if (accelerator != 0) {
                    return accelerator;
                }
                return Boolean.compare(b.cap != UNCAPPED, a.cap != UNCAPPED);
            });
        }
        return byPool;
    }

    /** The NodePool Karpenter would open a claim in for this variant: the first by weight it fits, with limits left. */
    private PoolFit designablePool(Variant variant) {
        if (variant.unsupported != null || ownsHostnameAffinity(variant)) {
            return null;
        }
        for (PoolModel pool : problem.pools) {
            PoolFit fit = variant.fits[pool.index];
            if (fit != null && !SchedulingState.exhausted(state.remainingLimits(pool))) {
                return fit;
            }
        }
        return null;
    }

    private boolean ownsHostnameAffinity(Variant variant) {
        for (int id : variant.ownedGroups) {
            TopologyGroup group = problem.groups.get(id);
            if (group.kind == TopologyGroup.Kind.AFFINITY && group.keyKind == TopologyGroup.KeyKind.HOSTNAME) {
                return true;
            }
        }
        return false;
    }

    private boolean involvesDomains(Variant variant) {
        for (int id : variant.ownedGroups) {
            if (isDomainKeyed(problem.groups.get(id))) {
                return true;
            }
        }
        for (int id : variant.podClass.selectedByAntiGroups) {
            if (isDomainKeyed(problem.groups.get(id))) {
                return true;
            }
        }
        return false;
    }

    static boolean isDomainKeyed(TopologyGroup group) {
        return group.keyKind == TopologyGroup.KeyKind.ZONE || group.keyKind == TopologyGroup.KeyKind.CAPACITY_TYPE;
    }

    private static long offeredZones(PoolFit fit) {
        long zones = 0;
        for (int i = Bits.next(fit.types, 0); i >= 0; i = Bits.next(fit.types, i + 1)) {
            TypeModel type = fit.pool.types[i];
            for (int ct = 0; ct < 2; ct++) {
                if ((fit.capacityTypes & (1 << ct)) != 0) {
                    zones |= type.zones[ct];
                }
            }
        }
        return zones & fit.zoneMask;
    }

    private static int offeredCapacityTypes(PoolFit fit, long zones) {
        int cts = 0;
        for (int i = Bits.next(fit.types, 0); i >= 0; i = Bits.next(fit.types, i + 1)) {
            TypeModel type = fit.pool.types[i];
            for (int ct = 0; ct < 2; ct++) {
                if ((type.zones[ct] & zones) != 0) {
                    cts |= 1 << ct;
                }
            }
        }
        return cts & fit.capacityTypes;
    }

    private Group newGroup(Variant variant, PoolFit fit, long zones, int cts, boolean pinned) {
        Group group = new Group(variant, fit, zones, cts, pinned);
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
        return group;
    }

    /** The cheapest price of one pod if it filled its best type exactly on its dominant resource. */
    private double fairPrice(PoolFit fit, long zones, int cts, long[] requests) {
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

    private static boolean selects(PodClass podClass, int groupId) {
        return Arrays.binarySearch(podClass.selectedByGroups, groupId) >= 0;
    }

    /**
     * Zone and capacity-type counts as the commit will find them, to choose each constrained pod's domains in the
     * order they will be committed.
     */
    private final class DomainCounts {
        private final int[][] counts = new int[problem.groups.size()][];
        private final int[][] owners = new int[problem.groups.size()][];
        private final int[] totals = new int[problem.groups.size()];

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
                long narrowed = choose(group, variant, position, fit, zone ? zoneMask : ctMask, zone, selects(podClass, group.id));
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
                    long universe = state.universe(variant, position, group);
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
    }

    /** The zones of {@code zones} ordered so the lowest bit is the cheapest for this pod (ties: lower index). */
    private static long cheapestFirst(PoolFit fit, long zones, int cts) {
        int best = -1;
        double bestPrice = Double.POSITIVE_INFINITY;
        for (long rest = zones; rest != 0; rest &= rest - 1) {
            int d = Long.numberOfTrailingZeros(rest);
            double price = cheapestType(fit, 1L << d, cts);
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
        return cheapestType(fit, zone, 1 << Zones.SPOT) <= cheapestType(fit, zone, 1 << Zones.ON_DEMAND) ? 1 << Zones.SPOT : 1 << Zones.ON_DEMAND;
    }

    private static double cheapestType(PoolFit fit, long zones, int cts) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = Bits.next(fit.types, 0); i >= 0; i = Bits.next(fit.types, i + 1)) {
            best = Math.min(best, fit.pool.types[i].price(zones, cts));
        }
        return best;
    }

    // ---------------------------------------------------------------- designing nodes

    private void design(PoolModel pool, List<Group> groups, List<Design> designs) {
        long[] budget = state.remainingLimits(pool);
        int resources = problem.resources.size();
        long[] remaining = new long[resources];
        Fill fill = new Fill(groups.size(), resources);
        Fill best = new Fill(groups.size(), resources);
        while (true) {
            Group seed = null;
            for (Group group : groups) {
                if (group.remaining() > 0) {
                    seed = group;
                    break;
                }
            }
            if (seed == null) {
                return;
            }
            int nodesLeft = seed.cap == UNCAPPED ? 0 : nodesNeeded(groups, seed.capKey);
            List<Group> fillers = fillers(groups, seed);
            best.clear();
            for (int i = Bits.next(seed.fit.types, 0); i >= 0; i = Bits.next(seed.fit.types, i + 1)) {
                TypeModel type = pool.types[i];
                if (!type.offered(seed.zones, seed.capacityTypes) || (budget != null && !pool.withinLimits(type.capacity, budget))) {
                    continue;
                }
                simulate(type, seed, fillers, nodesLeft, remaining, fill);
                if (fill.count > 0 && fill.better(best)) {
                    best.copyFrom(fill);
                }
            }
            if (best.count == 0) {
                // nothing within the limits left for this pod here: the FFD pass reports why
                while (seed.remaining() > 0) {
                    leftovers.add(seed.pods.get(seed.next++));
                }
                continue;
            }
            int repeats = Integer.MAX_VALUE;
            for (int m = 0; m < best.count; m++) {
                repeats = Math.min(repeats, best.members[m].remaining() / best.amounts[m]);
            }
            if (budget != null) {
                repeats = Math.min(repeats, repeatsWithin(pool, best.type, budget));
            }
            repeats = Math.max(1, repeats);
            for (int r = 0; r < repeats; r++) {
                Design design = new Design(pool, best.type, best.zones, best.capacityTypes);
                for (int m = 0; m < best.count; m++) {
                    Group group = best.members[m];
                    for (int k = 0; k < best.amounts[m]; k++) {
                        PodModel pod = group.pods.get(group.next++);
                        design.pods.add(pod);
                        designOf.put(pod, design);
                    }
                }
                designs.add(design);
                if (budget != null) {
                    ResourceIndex.subtract(budget, best.type.capacity);
                }
            }
        }
    }

    private static int repeatsWithin(PoolModel pool, TypeModel type, long[] budget) {
        int repeats = Integer.MAX_VALUE;
        for (int r = 0; r < budget.length; r++) {
            if (pool.limits[r] != Long.MAX_VALUE && type.capacity[r] > 0) {
                repeats = (int) Math.min(repeats, budget[r] / type.capacity[r]);
            }
        }
        return repeats;
    }

    /** How many nodes the pods capped like the seed still need (one per cap). */
    private static int nodesNeeded(List<Group> groups, int capKey) {
        int nodes = 0;
        for (Group group : groups) {
            if (group.capKey == capKey && group.remaining() > 0) {
                nodes += (group.remaining() + group.cap - 1) / group.cap;
            }
        }
        return nodes;
    }

    /** Groups that could share a node with the seed: types in common, compatible requirements and domains. */
    private List<Group> fillers(List<Group> groups, Group seed) {
        List<Group> fillers = new ArrayList<>();
        for (Group group : groups) {
            if (group == seed || group.remaining() == 0 || !Bits.intersects(group.fit.types, seed.fit.types)
                    || (group.zones & seed.zones) == 0 || (group.capacityTypes & seed.capacityTypes) == 0
                    || !compatible(seed.variant, group.variant)) {
                continue;
            }
            fillers.add(group);
        }
        // capped pods first so each node takes its share of them, then the rest in size order
        fillers.sort((a, b) -> Boolean.compare(b.cap != UNCAPPED, a.cap != UNCAPPED));
        return fillers;
    }

    private void simulate(TypeModel type, Group seed, List<Group> fillers, int nodesLeft, long[] remaining, Fill fill) {
        fill.clear();
        System.arraycopy(type.allocatable, 0, remaining, 0, remaining.length);
        int seedCount = Math.min(Math.min(seed.remaining(), seed.cap), fitCount(remaining, seed.requests()));
        if (seedCount == 0) {
            return;
        }
        long zones = seed.zones;
        int cts = seed.capacityTypes;
        fill.add(seed, seedCount, remaining);
        for (Group group : fillers) {
            if (remaining[ResourceIndex.PODS] <= 0) {
                break;
            }
            if (!Bits.get(group.fit.types, type.index)) {
                continue;
            }
            long z = zones & group.zones;
            int c = cts & group.capacityTypes;
            if (z == 0 || c == 0 || !type.offered(z, c) || !compatibleWithAll(fill, group)) {
                continue;
            }
            int limit = Math.min(group.remaining(), group.cap);
            if (nodesLeft > 0 && group.cap == UNCAPPED) {
                // spread uncapped pods evenly over the nodes the capped ones need
                limit = Math.min(limit, (group.remaining() + nodesLeft - 1) / nodesLeft);
            }
            int count = Math.min(limit, fitCount(remaining, group.requests()));
            if (count == 0) {
                continue;
            }
            fill.add(group, count, remaining);
            zones = z;
            cts = c;
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

    private boolean compatibleWithAll(Fill fill, Group group) {
        for (int m = 0; m < fill.count; m++) {
            if (!compatible(fill.members[m].variant, group.variant)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether pods of two variants may share a node: their requirements intersect and neither keeps the other off
     * (hostname anti-affinity or spread selecting the other, zone anti-affinity, host ports).
     */
    private boolean compatible(Variant a, Variant b) {
        if (a == b) {
            return true;
        }
        // spread the pair's bits so the map does not pile keys into one bucket
        long key = (a.id < b.id ? ((long) a.id << 32) | b.id : ((long) b.id << 32) | a.id) * 0x9E3779B97F4A7C15L;
        Boolean cached = compatibility.get(key);
        if (cached != null) {
            return cached;
        }
        boolean result = a.requirements.intersects(b.requirements) && !keepsOff(a, b) && !keepsOff(b, a) && !portsClash(a, b);
        compatibility.put(key, result);
        return result;
    }

    private boolean keepsOff(Variant owner, Variant other) {
        for (int id : owner.ownedGroups) {
            TopologyGroup group = problem.groups.get(id);
            boolean repels = group.kind == TopologyGroup.Kind.ANTI_AFFINITY
                    || (group.kind == TopologyGroup.Kind.SPREAD && group.keyKind == TopologyGroup.KeyKind.HOSTNAME);
            if (repels && group.keyKind != TopologyGroup.KeyKind.CAPACITY_TYPE && selects(other.podClass, id)) {
                return true;
            }
        }
        return false;
    }

    private static boolean portsClash(Variant a, Variant b) {
        for (var left : a.podClass.hostPorts) {
            for (var right : b.podClass.hostPorts) {
                if (left.conflictsWith(right)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One simulated node: the groups packed and how many of each. */
    private static final class Fill {
        final Group[] members;
        final int[] amounts;
        int count;
        double value;
        TypeModel type;
        long zones;
        int capacityTypes;
        double price;
        double score;

        Fill(int groups, int resources) {
            this.members = new Group[groups];
            this.amounts = new int[groups];
        }

        void clear() {
            count = 0;
            value = 0;
            type = null;
        }

        void add(Group group, int amount, long[] remaining) {
            members[count] = group;
            amounts[count] = amount;
            count++;
            value += amount * group.fair;
            long[] requests = group.requests();
            for (int r = 0; r < remaining.length; r++) {
                remaining[r] -= requests[r] * amount;
            }
        }

        /** Lower price per fair price packed wins; within rounding, the cheaper node. */
        boolean better(Fill other) {
            if (other.count == 0) {
                return true;
            }
            double tolerance = 1e-9 * Math.abs(other.score);
            if (score < other.score - tolerance) {
                return true;
            }
            return score <= other.score + tolerance && price < other.price;
        }

        void copyFrom(Fill other) {
            System.arraycopy(other.members, 0, members, 0, other.count);
            System.arraycopy(other.amounts, 0, amounts, 0, other.count);
            count = other.count;
            value = other.value;
            type = other.type;
            zones = other.zones;
            capacityTypes = other.capacityTypes;
            price = other.price;
            score = other.score;
        }
    }

    // ---------------------------------------------------------------- committing

    /**
     * Opens a claim per design and adds its pods through the shared checks: first the pods without zone or
     * capacity-type constraints, then the constrained ones in the order their domains were chosen, so each spread
     * check sees the counts it was planned against.
     */
    private void commit(List<Design> designs, Map<PodModel, Variant> variants) {
        for (Design design : designs) {
            long[] bound = null;
            if (design.pool.limited) {
                bound = state.remainingLimits(design.pool);
                if (SchedulingState.exhausted(bound)) {
                    leftovers.addAll(design.pods);
                    continue;
                }
                for (int r = 0; r < bound.length; r++) {
                    bound[r] = Math.min(bound[r], design.type.capacity[r]);
                }
            }
            design.claim = state.openClaim(design.pool, design.zones, design.capacityTypes, bound);
            if (design.claim == null) {
                leftovers.addAll(design.pods);
                continue;
            }
            for (PodModel pod : design.pods) {
                if (!isPinned(pod)) {
                    add(design, pod, variants.get(pod));
                }
            }
        }
        for (PodModel pod : pinnedSequence) {
            Design design = designOf.get(pod);
            if (design == null || design.claim == null) {
                continue;
            }
            add(design, pod, variants.get(pod));
        }
        for (Design design : designs) {
            if (design.claim != null && design.claim.isEmpty()) {
                state.discard(design.claim);
            }
        }
    }

    private boolean isPinned(PodModel pod) {
        if (pinned == null) {
            pinned = new HashSet<>(pinnedSequence);
        }
        return pinned.contains(pod);
    }

    private void add(Design design, PodModel pod, Variant variant) {
        if (state.tryClaim(design.claim, pod, variant) != null) {
            leftovers.add(pod);
        }
    }
}
