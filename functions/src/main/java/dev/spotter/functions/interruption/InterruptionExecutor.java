package dev.spotter.functions.interruption;

import dev.spotter.catalog.UnavailableOfferings;
import dev.spotter.events.DecisionEvent;
import dev.spotter.events.DecisionEvents;
import dev.spotter.functions.tick.NodeClaimRetirement;
import dev.spotter.interruption.InterruptionAction;
import dev.spotter.interruption.InterruptionStep;
import dev.spotter.lifecycle.LifecyclePlanner;
import dev.spotter.nodeclaim.Condition;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.NodeClaimStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

import static dev.spotter.functions.runtime.LogKeys.instance;
import static dev.spotter.functions.runtime.LogKeys.nodeClaim;

/**
 * Carries out the steps the interruption policy decided for one instance. A drain started here is finished by the
 * tick (evictions in order, then termination), so a Retire that follows a Drain waits for it; a Retire on its own
 * happens at once. The drain's first evictions are left to the caller ({@link NodeClaimRetirement#evictNextGroup}),
 * to be made after the provisioning pass: that pass counts the pods still on the disrupted node as displaced and
 * plans their replacement, which it could not do once they were evicted.
 */
public final class InterruptionExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptionExecutor.class);

    private final NodeClaimStore claims;
    private final UnavailableOfferings unavailable;
    private final NodeClaimRetirement retirement;
    private final Clock clock;
    private final DecisionEvents events;

    public InterruptionExecutor(NodeClaimStore claims, UnavailableOfferings unavailable, NodeClaimRetirement retirement,
                                Clock clock) {
        this(claims, unavailable, retirement, clock, DecisionEvents.NONE);
    }

    /** As above, publishing each action carried out to {@code events}. */
    public InterruptionExecutor(NodeClaimStore claims, UnavailableOfferings unavailable, NodeClaimRetirement retirement,
                                Clock clock, DecisionEvents events) {
        this.events = events;
        this.claims = claims;
        this.unavailable = unavailable;
        this.retirement = retirement;
        this.clock = clock;
    }

    /** What executing one action left for the caller: a provisioning pass to run now, a drain whose pods to evict. */
    public record Executed(boolean provisionNow, Optional<NodeClaim> drainStarted) {
        static final Executed NOTHING = new Executed(false, Optional.empty());
    }

    public Executed execute(InterruptionAction action) {
        if (action.isNoOp()) {
            LOG.info("no action for instance {}: {}", action.instanceId(), action.reason(), instance(action.instanceId()));
            return Executed.NOTHING;
        }
        NodeClaim claim = action.nodeClaim();
        LOG.info("{} for instance {} (NodeClaim {})", action.reason(), action.instanceId(), claim.name(),
                instance(action.instanceId()), nodeClaim(claim.name()));
        Steps steps = new Steps(action, claim);
        for (InterruptionStep step : action.steps()) {
            step.accept(steps);
        }
        events.publish(new DecisionEvent.InterruptionHandled(claim.cluster(), action.instanceId(), claim.name(),
                action.event().kind().name(), action.event().id(),
                action.steps().stream().map(step -> step.getClass().getSimpleName()).toList(), action.reason()));
        return new Executed(steps.provisionNow, Optional.ofNullable(steps.drainStarted));
    }

    /** The steps of one action, in order; a visitor, so a new step type does not compile until it is handled here. */
    private final class Steps implements InterruptionStep.Visitor {
        private final InterruptionAction action;
        private NodeClaim claim;
        private boolean provisionNow;
        private NodeClaim drainStarted;

        Steps(InterruptionAction action, NodeClaim claim) {
            this.action = action;
            this.claim = claim;
        }

        @Override
        public void markOfferingUnavailable(InterruptionStep.MarkOfferingUnavailable step) {
            unavailable.markUnavailable(step.offering(), action.event().kind().name(), clock.instant());
        }

        @Override
        public void taintDisrupted(InterruptionStep.TaintDisrupted step) {
            retirement.taintDisrupted(claim);
        }

        @Override
        public void drain(InterruptionStep.Drain step) {
            claim = retirement.beginDrain(claim, action.reason());
            drainStarted = claim;
        }

        @Override
        public void provisionNow(InterruptionStep.ProvisionNow step) {
            provisionNow = true;
        }

        @Override
        public void retire(InterruptionStep.Retire step) {
            // after a Drain, the tick retires the node once it is empty; on its own, at once
            if (!action.has(InterruptionStep.Drain.class)) {
                claim = retirement.retire(claim, null, action.reason());
            }
        }

        @Override
        public void launchReplacement(InterruptionStep.LaunchReplacement step) {
            claim = requestReplacement(claim);
            provisionNow = true;
        }

        @Override
        public void drainWhenReplacementReady(InterruptionStep.DrainWhenReplacementReady step) {
            // nothing to do now: the replacement-requested condition LaunchReplacement wrote makes the tick start
            // the drain once the replacement is initialized
        }
    }

    /** Marks the claim so that its pods are planned elsewhere now and its drain starts once they have room. */
    private NodeClaim requestReplacement(NodeClaim claim) {
        retirement.taintDisrupted(claim);
        if (claim.condition(LifecyclePlanner.REPLACEMENT_REQUESTED).isPresent()) {
            return claim;
        }
        return claims.update(claim.withCondition(new Condition(LifecyclePlanner.REPLACEMENT_REQUESTED, true,
                "RebalanceRecommendation", "replacement requested ahead of a likely interruption", clock.instant())),
                clock.instant());
    }
}
