package dev.spotter.scheduling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.spotter.scheduling.PackingGroup.UNCAPPED;

/**
 * CostOptimizing's construction step. Pods of the same variant form a group; pods with zone or capacity-type
 * constraints are first given their domain (replaying Karpenter's spread/affinity choice on counts, cheapest domain on
 * ties). Then, NodePool by NodePool, it repeatedly takes the hardest group left (accelerators, then pods capped per
 * node by hostname anti-affinity/spread or host ports, then largest), and for each instance type simulates filling a
 * node with that pod and greedily with compatible others; it opens the type with the lowest price per "fair price" of
 * the pods packed (a pod's fair price is what it would cost perfectly packed on its best type), as many times as the
 * same fill repeats. The designs are then committed pod by pod through {@link SchedulingState#tryClaim}, so every
 * constraint is checked exactly as for FFD; a pod whose commit fails is returned as a leftover. The groups are
 * {@link PackingGroup}s, domains are chosen by {@link DomainPinning}, and nodes are simulated by {@link FillSimulator}.
 */
final class PackingDesigner {
    private final SchedulingState state;
    private final Problem problem;
    private final List<PodModel> leftovers = new ArrayList<>();
    private final List<PodModel> pinnedSequence = new ArrayList<>();
    private final Map<PodModel, Design> designOf = new HashMap<>();
    private Set<PodModel> pinned;

    private final NodeConflicts node;
    private final FillSimulator simulator;

    PackingDesigner(SchedulingState state) {
        this.state = state;
        this.problem = state.problem;
        this.node = new NodeConflicts(problem.groups.size());
        this.simulator = new FillSimulator(node);
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
        Map<PoolModel, List<PackingGroup>> groupsByPool = group(pods, variants);
        List<Design> designs = new ArrayList<>();
        for (Map.Entry<PoolModel, List<PackingGroup>> entry : groupsByPool.entrySet()) {
            design(entry.getKey(), entry.getValue(), designs);
        }
        commit(designs, variants);
        return leftovers;
    }

    // ---------------------------------------------------------------- grouping and domain pinning

    private Map<PoolModel, List<PackingGroup>> group(List<PodModel> pods, Map<PodModel, Variant> variants) {
        DomainPinning counts = new DomainPinning(state);
        Map<String, PackingGroup> byKey = new LinkedHashMap<>();
        for (PodModel pod : pods) {
            Variant variant = variants.get(pod);
            PoolFit fit = designablePool(variant);
            if (fit == null) {
                leftovers.add(pod);
                continue;
            }
            long zones = fit.offeredZones();
            int cts = fit.offeredCapacityTypes();
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
            PackingGroup group = byKey.computeIfAbsent(key, k -> PackingGroup.create(problem, variant, fit, finalZones, finalCts, finalPinned));
            group.pods.add(pod);
        }
        Map<PoolModel, List<PackingGroup>> byPool = new LinkedHashMap<>();
        for (PackingGroup group : byKey.values()) {
            byPool.computeIfAbsent(group.fit.pool, p -> new ArrayList<>()).add(group);
        }
        for (List<PackingGroup> groups : byPool.values()) {
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
            if (DomainPinning.isDomainKeyed(problem.groups.get(id))) {
                return true;
            }
        }
        for (int id : variant.podClass.selectedByAntiGroups) {
            if (DomainPinning.isDomainKeyed(problem.groups.get(id))) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- designing nodes
    private static final int FULL_PROBE_EVERY = 8;
    private PackingGroup lastSeed;
    private int lastCandidates;
    private int lastPosition;
    private int warmRounds;

    private void design(PoolModel pool, List<PackingGroup> groups, List<Design> designs) {
        long[] budget = state.remainingLimits(pool);
        int resources = problem.resources.size();
        long[] remaining = new long[resources];
        Fill fill = new Fill(groups.size(), resources);
        Fill best = new Fill(groups.size(), resources);
        List<PackingGroup> fillerOrder = new ArrayList<>(groups);
        // capped pods first so each node takes its share of them, then the rest by size; equal requests side by side
        fillerOrder.sort((a, b) -> {
            int capped = Boolean.compare(b.cap != UNCAPPED, a.cap != UNCAPPED);
            return capped != 0 ? capped : java.util.Arrays.compare(b.requests(), a.requests());
        });
        List<TypeModel> candidates = new ArrayList<>();
        simulator.reset(resources);
        int seedIndex = 0;
        PackingGroup prepared = null;
        List<PackingGroup> fillers = List.of();
        int[] runEnds = new int[0];
        int nodesLeft = 0;
        int repeated = 0;
        while (true) {
            // groups never refill, so the first with pods left only moves forward
            while (seedIndex < groups.size() && groups.get(seedIndex).remaining() == 0) {
                seedIndex++;
            }
            if (seedIndex == groups.size()) {
                return;
            }
            PackingGroup seed = groups.get(seedIndex);
            if (seed != prepared) {
                nodesLeft = seed.cap == UNCAPPED ? 0 : nodesNeeded(groups, seed.capKey);
                fillers = fillers(fillerOrder, seed);
                node.clear();
                node.add(seed, 1);
                fillers.removeIf(node::conflicts);
                runEnds = FillSimulator.runEnds(fillers);
                prepared = seed;
            } else {
                // the same seed as last round: only drop the exhausted fillers
                if (fillers.removeIf(g -> g.remaining() == 0)) {
                    runEnds = FillSimulator.runEnds(fillers);
                }
                nodesLeft = nodesLeft == 0 ? 0 : Math.max(1, nodesLeft - repeated);
            }
            simulator.prepare(fillers, nodesLeft, resources);
            long podsLeft = seed.remaining();
            for (PackingGroup filler : fillers) {
                podsLeft += filler.remaining();
            }
            candidates.clear();
            for (int i = Bits.next(seed.fit.types, 0); i >= 0; i = Bits.next(seed.fit.types, i + 1)) {
                TypeModel type = pool.types[i];
                if (type.offered(seed.zones, seed.capacityTypes) && (budget == null || pool.withinLimits(type.capacity, budget))) {
                    candidates.add(type);
                }
            }
            // a seed of the same shape as the last one starts from the type chosen then (a full probe every so often)
            boolean warm = lastSeed != null && Arrays.equals(lastSeed.requests(), seed.requests())
                    && lastSeed.cap == seed.cap && lastSeed.zones == seed.zones && lastCandidates == candidates.size()
                    && warmRounds++ % FULL_PROBE_EVERY != 0;
            if (!warm) {
                warmRounds = 1;
            }
            simulator.chooseType(candidates, seed, fillers, runEnds, nodesLeft, podsLeft, remaining, fill, best, warm ? lastPosition : -1);
            lastSeed = seed;
            lastCandidates = candidates.size();
            lastPosition = best.position;
            if (best.count == 0) {
                // nothing within the limits left for this pod here: the FFD pass reports why
                while (seed.remaining() > 0) {
                    leftovers.add(seed.pods.get(seed.next++));
                }
                continue;
            }
            repeated = emit(pool, best, budget, designs);
        }
    }

    /** Opens the best fill as many times as the same fill repeats (and the limits allow); returns how many times. */
    private int emit(PoolModel pool, Fill best, long[] budget, List<Design> designs) {
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
                PackingGroup group = best.members[m];
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
        return repeats;
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
    private static int nodesNeeded(List<PackingGroup> groups, int capKey) {
        int nodes = 0;
        for (PackingGroup group : groups) {
            if (group.capKey == capKey && group.remaining() > 0) {
                nodes += (group.remaining() + group.cap - 1) / group.cap;
            }
        }
        return nodes;
    }

    /** Groups that could share a node with the seed: pods left, types and domains in common. */
    private static List<PackingGroup> fillers(List<PackingGroup> order, PackingGroup seed) {
        List<PackingGroup> fillers = new ArrayList<>();
        for (PackingGroup group : order) {
            if (group != seed && group.remaining() > 0 && (group.zones & seed.zones) != 0
                    && (group.capacityTypes & seed.capacityTypes) != 0 && Bits.intersects(group.fit.types, seed.fit.types)) {
                fillers.add(group);
            }
        }
        return fillers;
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
