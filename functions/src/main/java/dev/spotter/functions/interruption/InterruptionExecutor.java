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
        boolean provisionNow = false;
        NodeClaim drainStarted = null;
        for (InterruptionStep step : action.steps()) {
            if (step instanceof InterruptionStep.MarkOfferingUnavailable mark) {
                unavailable.markUnavailable(mark.offering(), action.event().kind().name(), clock.instant());
            } else if (step instanceof InterruptionStep.TaintDisrupted) {
                retirement.taintDisrupted(claim);
            } else if (step instanceof InterruptionStep.Drain) {
                claim = retirement.beginDrain(claim, action.reason());
                drainStarted = claim;
            } else if (step instanceof InterruptionStep.ProvisionNow) {
                provisionNow = true;
            } else if (step instanceof InterruptionStep.Retire && !action.has(InterruptionStep.Drain.class)) {
                claim = retirement.retire(claim, null, action.reason());
            } else if (step instanceof InterruptionStep.LaunchReplacement) {
                claim = requestReplacement(claim);
                provisionNow = true;
            }
        }
        events.publish(new DecisionEvent.InterruptionHandled(claim.cluster(), action.instanceId(), claim.name(),
                action.event().kind().name(), action.event().id(),
                action.steps().stream().map(step -> step.getClass().getSimpleName()).toList(), action.reason()));
        return new Executed(provisionNow, Optional.ofNullable(drainStarted));
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
