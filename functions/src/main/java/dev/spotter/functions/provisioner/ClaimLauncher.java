package dev.spotter.functions.provisioner;

import dev.spotter.catalog.OfferingKey;
import dev.spotter.cloud.ClusterInfo;
import dev.spotter.cloud.CloudProvider;
import dev.spotter.cloud.CloudProviderException;
import dev.spotter.cloud.LaunchFailedException;
import dev.spotter.nodeclaim.VersionConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Optional;
import dev.spotter.cloud.InsufficientCapacityException;
import dev.spotter.cloud.LaunchRequest;
import dev.spotter.cloud.LaunchResult;
import dev.spotter.cloud.LaunchWithFallback;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;
import dev.spotter.config.SpotterConfig;
import dev.spotter.events.DecisionEvent;
import dev.spotter.events.DecisionEvents;
import dev.spotter.lifecycle.LifecyclePlanner;
import dev.spotter.nodeclaim.Condition;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.NodeClaimStore;
import dev.spotter.nodeclaim.Phase;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;

import static dev.spotter.functions.runtime.LogKeys.nodeClaim;

/**
 * Launches a stored Planned NodeClaim and records the outcome: Launched with its instance on success; on failure the
 * claim is deleted, so that its pods are planned afresh (on what is left) by the next pass. Used by the provisioning
 * pass for new claims and by the tick to relaunch claims a crashed pass left behind.
 */
public final class ClaimLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimLauncher.class);
    /** EC2's answer to a client token reused with other parameters. */
    static final String IDEMPOTENT_MISMATCH = "IdempotentParameterMismatch";

    private final LaunchWithFallback launcher;
    private final CloudProvider cloud;
    private final NodeClaimStore claims;
    private final InstanceTypeSource instanceTypes;
    private final Supplier<ClusterInfo> clusterInfo;
    private final Clock clock;
    private final DecisionEvents events;

    public ClaimLauncher(LaunchWithFallback launcher, CloudProvider cloud, NodeClaimStore claims,
                         InstanceTypeSource instanceTypes, Supplier<ClusterInfo> clusterInfo, Clock clock) {
        this(launcher, cloud, claims, instanceTypes, clusterInfo, clock, DecisionEvents.NONE);
    }

    /** As above, publishing each launch and each failed launch to {@code events}. */
    public ClaimLauncher(LaunchWithFallback launcher, CloudProvider cloud, NodeClaimStore claims,
                         InstanceTypeSource instanceTypes, Supplier<ClusterInfo> clusterInfo, Clock clock,
                         DecisionEvents events) {
        this.launcher = launcher;
        this.cloud = cloud;
        this.claims = claims;
        this.instanceTypes = instanceTypes;
        this.clusterInfo = clusterInfo;
        this.clock = clock;
        this.events = events;
    }

    /** The launched claim, as stored; only offerings in the zones of its EC2NodeClass's subnets are tried. */
    public LaunchOutcome launch(NodeClaim claim, SpotterConfig config, NodeClassZones zones, Set<OfferingKey> unavailable) {
        LaunchOutcome outcome = attempt(claim, config, zones, unavailable);
        events.publish(event(outcome));
        return outcome;
    }

    private static DecisionEvent event(LaunchOutcome outcome) {
        NodeClaim claim = outcome.claim();
        if (outcome.launched()) {
            return new DecisionEvent.NodeClaimLaunched(claim.cluster(), claim.name(), claim.nodePool(), claim.instanceId(),
                    claim.instanceType(), claim.capacityType() == null ? null : claim.capacityType().label(), claim.zone(),
                    claim.price(), claim.pods());
        }
        return new DecisionEvent.NodeClaimLaunchFailed(claim.cluster(), claim.name(), claim.nodePool(), outcome.failure(),
                outcome.capacityShortage(), claim.pods());
    }

    private LaunchOutcome attempt(NodeClaim claim, SpotterConfig config, NodeClassZones zones, Set<OfferingKey> unavailable) {
        NodePool pool = config.nodePool(claim.nodePool()).orElse(null);
        if (pool == null) {
            drop(claim);
            return LaunchOutcome.failed(claim, "NodePool " + claim.nodePool() + " no longer exists", false);
        }
        NodeClass nodeClass = config.nodeClassOf(pool);
        LaunchResult result;
        try {
            Set<String> launchable = zones.of(nodeClass);
            if (launchable.isEmpty()) {
                drop(claim);
                return LaunchOutcome.failed(claim, "EC2NodeClass " + nodeClass.name() + " selects no subnet", false);
            }
            LaunchRequest request = LaunchRequest.of(claim, pool, nodeClass, clusterInfo.get(), InstanceTypeSource.named(
                    instanceTypes.forNodeClass(nodeClass, launchable, unavailable), claim.instanceTypes()));
            result = launcher.launch(request);
        } catch (LaunchFailedException e) {
            if (IDEMPOTENT_MISMATCH.equals(e.reason())) {
                // another invocation launched this claim with the same token on other offerings: it records the
                // instance, or the tick adopts it by its tag; dropping the claim here would orphan it
                return LaunchOutcome.failed(claim, "another launch of NodeClaim " + claim.name() + " is under way", false);
            }
            drop(claim);
            return LaunchOutcome.failed(claim, e.getMessage(), false);
        } catch (CloudProviderException e) {
            drop(claim);
            return LaunchOutcome.failed(claim, e.getMessage(), e instanceof InsufficientCapacityException);
        }
        try {
            return LaunchOutcome.launched(claims.update(launched(claim, result), clock.instant()));
        } catch (VersionConflictException e) {
            return afterConflict(claim, result);
        }
    }

    /**
     * Another invocation wrote the claim while this one launched it (a concurrent pass or tick, the tick adopting the
     * instance). The claim owns the instance it records: when that is this launch's instance (the same client token
     * gave the same instance), the launch is recorded; otherwise this instance is a duplicate and is terminated now,
     * rather than left to run unmanaged.
     */
    private LaunchOutcome afterConflict(NodeClaim claim, LaunchResult result) {
        Optional<NodeClaim> stored = claims.get(claim.cluster(), claim.name());
        if (stored.isPresent() && result.instanceId().equals(stored.get().instanceId())) {
            return LaunchOutcome.launched(stored.get());
        }
        LOG.warn("NodeClaim {} was changed while instance {} launched for it; terminating that instance",
                claim.name(), result.instanceId(), nodeClaim(claim.name()));
        cloud.terminate(result.instanceId());
        return LaunchOutcome.failed(claim, "NodeClaim " + claim.name() + " changed during its launch", false);
    }

    /** Deletes a claim that cannot launch, unless another invocation has moved it on meanwhile. */
    private void drop(NodeClaim claim) {
        try {
            claims.delete(claim);
        } catch (VersionConflictException e) {
            LOG.info("NodeClaim {} changed meanwhile; not deleting it", claim.name(), nodeClaim(claim.name()));
        }
    }

    private NodeClaim launched(NodeClaim claim, LaunchResult result) {
        Instant now = clock.instant();
        return claim.toBuilder()
                .phase(Phase.LAUNCHED)
                .instanceId(result.instanceId())
                .instanceType(result.instanceType())
                .zone(result.zone())
                .capacityType(result.capacityType())
                .price(Double.isNaN(result.pricePerHour()) ? claim.price() : result.pricePerHour())
                .providerId(result.providerId())
                .build()
                .withCondition(new Condition(LifecyclePlanner.LAUNCHED, true, "Launched",
                        result.capacityType().label() + " " + result.instanceType() + " in " + result.zone(), now));
    }

    /**
     * What became of one launch: the stored claim, or why it failed; {@code capacityShortage} when no allowed
     * offering had capacity (the offerings are then marked unavailable, and a new plan can avoid them).
     */
    public record LaunchOutcome(NodeClaim claim, boolean launched, String failure, boolean capacityShortage) {
        static LaunchOutcome launched(NodeClaim claim) {
            return new LaunchOutcome(claim, true, "", false);
        }

        static LaunchOutcome failed(NodeClaim claim, String failure, boolean capacityShortage) {
            return new LaunchOutcome(claim, false, failure, capacityShortage);
        }
    }
}
