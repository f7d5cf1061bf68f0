package dev.spotter.functions.tick;

import dev.spotter.catalog.OfferingKey;
import dev.spotter.cloud.CloudInstance;
import dev.spotter.cloud.CloudProvider;
import dev.spotter.cluster.ClusterApi;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.config.SpotterConfig;
import dev.spotter.functions.provisioner.ClaimLauncher;
import dev.spotter.functions.provisioner.NodeClassZones;
import dev.spotter.lifecycle.LifecycleCommand;
import dev.spotter.lifecycle.LifecyclePlanner;
import dev.spotter.nodeclaim.Condition;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.NodeClaimStore;
import dev.spotter.nodeclaim.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static dev.spotter.functions.runtime.LogKeys.instance;
import static dev.spotter.functions.runtime.LogKeys.nodeClaim;

/**
 * Carries out the tick's {@link LifecycleCommand}s one by one. A command that fails is logged and counted and the rest
 * go on: the next tick recomputes from whatever state this one left, so nothing here needs to be retried in place.
 */
public final class LifecycleExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleExecutor.class);

    private final NodeClaimStore claims;
    private final CloudProvider cloud;
    private final ClusterApi cluster;
    private final NodeClaimRetirement retirement;
    private final ClaimLauncher launcher;
    private final Clock clock;

    public LifecycleExecutor(NodeClaimStore claims, CloudProvider cloud, ClusterApi cluster, NodeClaimRetirement retirement,
                             ClaimLauncher launcher, Clock clock) {
        this.cluster = cluster;
        this.claims = claims;
        this.cloud = cloud;
        this.retirement = retirement;
        this.launcher = launcher;
        this.clock = clock;
    }

    /** Runs every command; returns how many failed. */
    public int execute(List<LifecycleCommand> commands, SpotterConfig config, Set<OfferingKey> unavailable) {
        int failures = 0;
        NodeClassZones zones = NodeClassZones.of(cloud);
        for (LifecycleCommand command : commands) {
            try {
                run(command, config, zones, unavailable);
            } catch (RuntimeException e) {
                failures++;
                LOG.warn("tick command {} failed; the next tick retries it: {}", command.getClass().getSimpleName(),
                        e.toString());
            }
        }
        return failures;
    }

    private void run(LifecycleCommand command, SpotterConfig config, NodeClassZones zones, Set<OfferingKey> unavailable) {
        command.accept(new Run(config, zones, unavailable, clock.instant()));
    }

    /** One command carried out; a visitor, so a new command type does not compile until it is handled here. */
    private final class Run implements LifecycleCommand.Visitor {
        private final SpotterConfig config;
        private final NodeClassZones zones;
        private final Set<OfferingKey> unavailable;
        private final Instant now;

        Run(SpotterConfig config, NodeClassZones zones, Set<OfferingKey> unavailable, Instant now) {
            this.config = config;
            this.zones = zones;
            this.unavailable = unavailable;
            this.now = now;
        }

        @Override
        public void markRegistered(LifecycleCommand.MarkRegistered c) {
            // the launch template is shared by the claims of a NodePool, so the node learns its claim's name here
            cluster.labelNode(c.node().name(), WellKnownLabels.NODECLAIM, c.claim().name());
            claims.update(c.claim().toBuilder().phase(Phase.REGISTERED).nodeName(c.node().name()).build()
                    .withCondition(new Condition("Registered", true, "Registered", "node " + c.node().name(), now)), now);
        }

        @Override
        public void markInitialized(LifecycleCommand.MarkInitialized c) {
            claims.update(c.claim().withPhase(Phase.INITIALIZED)
                    .withCondition(new Condition("Initialized", true, "Initialized", "", now)), now);
        }

        @Override
        public void adoptInstance(LifecycleCommand.AdoptInstance c) {
            adopt(c.claim(), c.instance(), now);
        }

        @Override
        public void relaunch(LifecycleCommand.Relaunch c) {
            ClaimLauncher.LaunchOutcome outcome = launcher.launch(c.claim(), config, zones, unavailable);
            if (!outcome.launched()) {
                LOG.warn("relaunch of NodeClaim {} failed, claim dropped: {}", c.claim().name(), outcome.failure(),
                        nodeClaim(c.claim().name()));
            }
        }

        @Override
        public void retire(LifecycleCommand.Retire c) {
            retirement.retire(c.claim(), c.node(), c.reason());
        }

        @Override
        public void startDrain(LifecycleCommand.StartDrain c) {
            retirement.startDrain(c.claim(), c.reason());
        }

        @Override
        public void evict(LifecycleCommand.Evict c) {
            retirement.evict(c.claim(), c.pods());
        }

        @Override
        public void finishDrain(LifecycleCommand.FinishDrain c) {
            retirement.retire(c.claim(), c.node(), c.reason());
        }

        @Override
        public void terminateOrphan(LifecycleCommand.TerminateOrphan c) {
            LOG.info("terminating instance {}: {}", c.instance().instanceId(), c.reason(), instance(c.instance().instanceId()));
            cloud.terminate(c.instance().instanceId());
        }
    }

    private void adopt(NodeClaim claim, CloudInstance found, Instant now) {
        LOG.info("recording instance {} launched for NodeClaim {}", found.instanceId(), claim.name(), nodeClaim(claim.name()));
        claims.update(claim.toBuilder().phase(Phase.LAUNCHED).instanceId(found.instanceId())
                .instanceType(found.instanceType()).zone(found.zone()).capacityType(found.capacityType())
                .providerId(found.providerId()).build()
                .withCondition(new Condition(LifecyclePlanner.LAUNCHED, true, "Adopted", "launch recorded by the tick", now)), now);
    }
}
