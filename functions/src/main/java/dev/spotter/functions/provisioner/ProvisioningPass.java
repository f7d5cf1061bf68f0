package dev.spotter.functions.provisioner;

import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.catalog.UnavailableOfferings;
import dev.spotter.catalog.NodeOverlays;
import dev.spotter.cloud.CloudOperationException;
import dev.spotter.cloud.CloudProvider;
import dev.spotter.cluster.Gang;
import dev.spotter.cluster.Gangs;
import dev.spotter.cluster.ClusterApi;
import dev.spotter.cluster.ClusterEvent;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;
import dev.spotter.config.SpotterConfig;
import dev.spotter.events.DecisionEvent;
import dev.spotter.events.DecisionEvents;
import dev.spotter.nodeclaim.DisruptionRecord;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.NodeClaimStore;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.nodeclaim.ProvisioningLease;
import dev.spotter.nodeclaim.ProvisioningLease.Lease;
import dev.spotter.nodeclaim.VersionConflictException;
import dev.spotter.scheduling.InFlightClaim;
import dev.spotter.scheduling.Plan;
import dev.spotter.scheduling.PlannedNodeClaim;
import dev.spotter.scheduling.Scheduler;
import dev.spotter.scheduling.SchedulingInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static dev.spotter.functions.runtime.LogKeys.nodeClaim;

/**
 * One provisioning pass, Karpenter's provisioner loop cut down to a single run: take the cluster's lease, snapshot
 * nodes then pods, read the in-flight NodeClaims, plan, store each new claim as Planned before launching it, launch,
 * record the outcome, nominate the pods, give the lease back. Every step leaves state that a later pass or the tick can
 * finish: a stored claim that never launched is relaunched or dropped; an instance whose claim was lost is collected.
 */
public final class ProvisioningPass {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningPass.class);
    /** Renewed between launches; a crashed holder blocks the others this long (see {@link ProvisioningLease#TERM}). */
    public static final Duration LEASE_TERM = ProvisioningLease.TERM;
    /** Numbered generations of a claim name tried before one named after the time (tombstones live an hour). */
    static final int MAX_NAME_GENERATIONS = 10;
    /** Plans per pass: the first, and re-plans after launches that found no capacity. */
    static final int MAX_ROUNDS = 3;

    private final String cluster;
    private final ClusterApi clusterApi;
    private final NodeClaimStore claims;
    private final ProvisioningLease lease;
    private final UnavailableOfferings unavailable;
    private final InstanceTypeSource instanceTypes;
    private final CloudProvider cloud;
    private final ClaimLauncher launcher;
    private final Scheduler scheduler;
    private final Clock clock;
    private final DecisionEvents events;

    public ProvisioningPass(String cluster, ClusterApi clusterApi, NodeClaimStore claims, ProvisioningLease lease,
                            UnavailableOfferings unavailable, InstanceTypeSource instanceTypes, CloudProvider cloud,
                            ClaimLauncher launcher, Scheduler scheduler, Clock clock) {
        this(cluster, clusterApi, claims, lease, unavailable, instanceTypes, cloud, launcher, scheduler, clock,
                DecisionEvents.NONE);
    }

    /** As above, publishing the pods no NodePool can hold to {@code events}. */
    public ProvisioningPass(String cluster, ClusterApi clusterApi, NodeClaimStore claims, ProvisioningLease lease,
                            UnavailableOfferings unavailable, InstanceTypeSource instanceTypes, CloudProvider cloud,
                            ClaimLauncher launcher, Scheduler scheduler, Clock clock, DecisionEvents events) {
        this.events = events;
        this.cluster = cluster;
        this.clusterApi = clusterApi;
        this.claims = claims;
        this.lease = lease;
        this.unavailable = unavailable;
        this.instanceTypes = instanceTypes;
        this.cloud = cloud;
        this.launcher = launcher;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Runs one pass as {@code holder}; when another provisioner holds the lease, does nothing. */
    public ProvisioningOutcome run(String holder, SpotterConfig config, boolean dryRun) {
        Optional<Lease> held = lease.tryAcquire(cluster, holder, LEASE_TERM, clock.instant());
        if (held.isEmpty()) {
            LOG.info("another provisioner holds the lease of cluster {}; skipping this pass", cluster);
            return ProvisioningOutcome.leaseHeldElsewhere();
        }
        try {
            SpotterConfig resolved = withReservationsAndPlacementGroups(config);
            NodeClassZones zones = NodeClassZones.of(cloud);
            ProvisioningOutcome outcome = provision(held.get(), resolved, zones, dryRun);
            // Karpenter's provisioner re-plans as soon as a launch fails for capacity; so does the pass, on what is left
            for (int round = 2; round <= MAX_ROUNDS && outcome.failed().stream().anyMatch(ClaimLauncher.LaunchOutcome::capacityShortage)
                    && lease.renew(held.get(), LEASE_TERM, clock.instant()); round++) {
                LOG.info("{} launches found no capacity; planning their pods again on the offerings left", outcome.failed().size());
                outcome = outcome.followedBy(provision(held.get(), resolved, zones, dryRun));
            }
            return outcome;
        } finally {
            lease.release(held.get());
        }
    }

    private ProvisioningOutcome provision(Lease held, SpotterConfig config, NodeClassZones zones, boolean dryRun) {
        List<NodeClaim> active = claims.listActive(cluster);
        ClusterSnapshot snapshot = ClusterSnapshot.read(clusterApi, active);
        if (snapshot.pendingPods().isEmpty()) {
            return ProvisioningOutcome.nothingPending();
        }
        Set<OfferingKey> unavailableNow = unavailable.current(clock.instant());
        Map<String, List<InstanceType>> typesByNodeClass = new TreeMap<>();
        NodeOverlays overlays = NodeOverlays.of(config.nodeOverlays());
        for (NodeClass nodeClass : config.nodeClasses()) {
            typesByNodeClass.put(nodeClass.name(),
                    overlays.apply(instanceTypes.forNodeClass(nodeClass, zones.of(nodeClass), unavailableNow)));
        }
        Plan plan = scheduler.plan(SchedulingInput.builder()
                .pendingPods(snapshot.pendingPods())
                .nodes(snapshot.nodes())
                .inFlightClaims(inFlight(active, snapshot.pendingPods(), config, typesByNodeClass))
                .daemonSets(snapshot.daemonSets())
                .nodePools(config.nodePools())
                .nodeClasses(config.nodeClasses())
                .instanceTypes(typesByNodeClass)
                .unavailableOfferings(unavailableNow)
                .gangs(pendingGangs(snapshot.pendingPods()))
                .build());
        LOG.info("planned {} NodeClaims for {} pending pods ({} unschedulable), {} USD/hour{}", plan.nodeClaims().size(),
                snapshot.pendingPods().size(), plan.unschedulable().size(), plan.hourlyCost(), dryRun ? " [dry run]" : "");
        long oldestPending = oldestPendingSeconds(snapshot.pendingPods());
        if (dryRun) {
            List<NodeClaim> wouldLaunch = plan.nodeClaims().stream().map(p -> p.toNodeClaim(cluster, clock.instant())).toList();
            return ProvisioningOutcome.of(snapshot.pendingPods().size(), plan, wouldLaunch, List.of())
                    .withOldestPendingSeconds(oldestPending);
        }
        if (!plan.unschedulable().isEmpty()) {
            events.publish(new DecisionEvent.PodsUnschedulable(cluster, plan.unschedulable().stream()
                    .map(pod -> new DecisionEvent.UnschedulablePodDetail(pod.pod(), pod.reason())).toList()));
        }
        return launchAll(held, plan, snapshot.pendingPods(), config, zones, unavailableNow).withOldestPendingSeconds(oldestPending);
    }

    /**
     * The gangs among the pending pods. Members already running are not seen here, so a gang needs all its pending
     * members (at most its size) to be placed together.
     */
    private static List<Gang> pendingGangs(List<Pod> pending) {
        return Gangs.of(pending, List.of()).stream()
                .map(g -> new Gang(g.namespace(), g.name(), Math.min(g.minMember(), g.podKeys().size()), g.podKeys())).toList();
    }

    /**
     * The configuration with each EC2NodeClass's capacity reservations and placement group resolved by the cloud
     * (DescribeCapacityReservations, DescribePlacementGroups). A failed lookup leaves that NodeClass as it was, so
     * the pass still plans spot and on-demand.
     */
    private SpotterConfig withReservationsAndPlacementGroups(SpotterConfig config) {
        List<NodeClass> resolved = new ArrayList<>();
        for (NodeClass nodeClass : config.nodeClasses()) {
            NodeClass current = nodeClass;
            try {
                if (!nodeClass.capacityReservationSelectorTerms().isEmpty()) {
                    current = current.withCapacityReservations(cloud.capacityReservations(nodeClass));
                }
                if (nodeClass.placementGroupSelector().isSet()) {
                    current = current.withPlacementGroup(cloud.placementGroup(nodeClass).orElse(null));
                }
            } catch (CloudOperationException e) {
                LOG.warn("EC2NodeClass {}: {}; planning without its reservations and placement group", nodeClass.name(), e.getMessage());
            }
            resolved.add(current);
        }
        return new SpotterConfig(config.nodePools(), resolved, config.nodeOverlays(), config.warnings());
    }

    private long oldestPendingSeconds(List<Pod> pending) {
        return pending.stream().map(Pod::createdAt).filter(java.util.Objects::nonNull)
                .mapToLong(created -> Math.max(0, Duration.between(created, clock.instant()).getSeconds()))
                .max().orElse(0);
    }

    private ProvisioningOutcome launchAll(Lease held, Plan plan, List<Pod> pending, SpotterConfig config,
                                          NodeClassZones zones, Set<OfferingKey> unavailableNow) {
        Map<String, Pod> podsByKey = new TreeMap<>();
        pending.forEach(pod -> podsByKey.put(pod.key(), pod));
        List<NodeClaim> launched = new ArrayList<>();
        List<ClaimLauncher.LaunchOutcome> failed = new ArrayList<>();
        for (PlannedNodeClaim planned : plan.nodeClaims()) {
            if (!lease.renew(held, LEASE_TERM, clock.instant())) {
                LOG.warn("lost the provisioning lease of cluster {}; leaving the rest of the plan to the next pass", cluster);
                break;
            }
            Optional<NodeClaim> stored = store(planned);
            if (stored.isEmpty()) {
                continue;
            }
            ClaimLauncher.LaunchOutcome outcome = launcher.launch(stored.get(), config, zones, unavailableNow);
            if (outcome.launched()) {
                launched.add(outcome.claim());
                nominate(outcome.claim(), podsByKey);
            } else {
                LOG.warn("launch of {} failed: {}", outcome.claim().name(), outcome.failure(), nodeClaim(outcome.claim().name()));
                failed.add(outcome);
            }
        }
        return ProvisioningOutcome.of(pending.size(), plan, launched, failed);
    }

    /**
     * Stores the claim as Planned. Plans name claims after their pods, so a name already stored means either another
     * pass planned the same claim (it is Planned or Launched: launching it again would double the capacity) or an
     * older claim for the same pods is being retired or kept as a tombstone (a StatefulSet pod whose node was
     * interrupted, a claim that never registered): then the replacement takes the next free generation of the name.
     */
    private Optional<NodeClaim> store(PlannedNodeClaim planned) {
        NodeClaim claim = planned.toNodeClaim(cluster, clock.instant());
        for (int generation = 1; generation <= MAX_NAME_GENERATIONS; generation++) {
            String name = generation == 1 ? planned.name() : planned.name() + "-r" + generation;
            try {
                return Optional.of(claims.create(claim.toBuilder().name(name).build(), clock.instant()));
            } catch (VersionConflictException e) {
                Optional<NodeClaim> existing = claims.get(cluster, name);
                if (existing.isEmpty() || existing.get().phase() == Phase.PLANNED || existing.get().phase() == Phase.LAUNCHED) {
                    LOG.info("NodeClaim {} is already stored; not launching it twice", name, nodeClaim(name));
                    return Optional.empty();
                }
            }
        }
        // every numbered generation is a tombstone or being retired (pods interrupted again and again within the
        // tombstones' hour): name this one after the time it is planned, which no earlier claim can carry
        String timed = planned.name() + "-t" + Long.toString(clock.millis(), 36);
        try {
            return Optional.of(claims.create(claim.toBuilder().name(timed).build(), clock.instant()));
        } catch (VersionConflictException e) {
            LOG.info("NodeClaim {} is already stored; not launching it twice", timed, nodeClaim(timed));
            return Optional.empty();
        }
    }

    private void nominate(NodeClaim claim, Map<String, Pod> podsByKey) {
        for (String key : claim.pods()) {
            Pod pod = podsByKey.get(key);
            if (pod != null) {
                clusterApi.recordEvent(ClusterEvent.nominated(pod, claim.name()));
            }
        }
    }

    private static List<InFlightClaim> inFlight(List<NodeClaim> active, List<Pod> pending, SpotterConfig config,
                                                Map<String, List<InstanceType>> typesByNodeClass) {
        Map<String, Pod> pendingByKey = new TreeMap<>();
        pending.forEach(pod -> pendingByKey.put(pod.key(), pod));
        List<InFlightClaim> inFlight = new ArrayList<>();
        for (NodeClaim claim : active) {
            if (claim.phase() != Phase.PLANNED && claim.phase() != Phase.LAUNCHED && !isValidatedReplacement(claim)) {
                continue;
            }
            Optional<NodePool> pool = config.nodePool(claim.nodePool());
            Optional<InstanceType> type = pool.flatMap(p -> likelyType(claim, typesByNodeClass.getOrDefault(p.nodeClassName(), List.of())));
            if (pool.isEmpty() || type.isEmpty()) {
                continue;
            }
            List<Pod> pods = claim.pods().stream().map(pendingByKey::get).filter(java.util.Objects::nonNull).toList();
            inFlight.add(InFlightClaim.of(claim, type.get(), pool.get(), pods));
        }
        return inFlight;
    }

    /**
     * A disruption command's replacement about to launch: its candidates are tainted already, so their pods count as
     * pending, and this claim is what will hold them (launching a second one would double the capacity).
     */
    private static boolean isValidatedReplacement(NodeClaim claim) {
        return claim.phase() == Phase.PROPOSED && claim.disruption() != null
                && claim.disruption().stage() != DisruptionRecord.Stage.PROPOSED;
    }

    /** The type the claim was launched as, or for one not launched yet its cheapest candidate. */
    private static Optional<InstanceType> likelyType(NodeClaim claim, List<InstanceType> types) {
        Function<String, Optional<InstanceType>> byName = name -> types.stream().filter(t -> t.name().equals(name)).findFirst();
        if (claim.instanceType() != null) {
            return byName.apply(claim.instanceType());
        }
        return claim.instanceTypes().isEmpty() ? Optional.empty() : byName.apply(claim.instanceTypes().get(0));
    }
}
