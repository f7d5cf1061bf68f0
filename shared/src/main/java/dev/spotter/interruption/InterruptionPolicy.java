package dev.spotter.interruption;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.interruption.InterruptionStep.Drain;
import dev.spotter.interruption.InterruptionStep.DrainWhenReplacementReady;
import dev.spotter.interruption.InterruptionStep.LaunchReplacement;
import dev.spotter.interruption.InterruptionStep.MarkOfferingUnavailable;
import dev.spotter.interruption.InterruptionStep.ProvisionNow;
import dev.spotter.interruption.InterruptionStep.Retire;
import dev.spotter.interruption.InterruptionStep.TaintDisrupted;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides, without side effects, what to do about each instance an interruption event names. Mirrors Karpenter's
 * interruption controller: spot interruption, scheduled change, capacity-reservation interruption and the
 * stopping/terminating state changes lead to draining and retiring the node; a spot interruption also marks the
 * offering unavailable and wakes the provisioner at once; a rebalance recommendation is only logged unless
 * {@link RebalanceMode#REPLACE}; instances Spotter does not own are left alone.
 */
public final class InterruptionPolicy {
    /** States after which the instance is gone or going (Karpenter's accepted states). */
    static final Set<String> LEAVING_STATES = Set.of("stopping", "stopped", "shutting-down", "terminated");

    private static final List<InterruptionStep> SPOT_STEPS = List.of(new TaintDisrupted(), new Drain(),
            new ProvisionNow(), new Retire());
    private static final List<InterruptionStep> DRAIN_AND_RETIRE = List.of(new Drain(), new Retire());
    private static final List<InterruptionStep> REPLACE_THEN_DRAIN = List.of(new LaunchReplacement(),
            new DrainWhenReplacementReady());

    private final RebalanceMode rebalanceMode;

    public InterruptionPolicy(RebalanceMode rebalanceMode) {
        this.rebalanceMode = Objects.requireNonNull(rebalanceMode, "rebalanceMode");
    }

    /**
     * One action per instance the event names, in the event's order.
     *
     * @param claimsByInstanceId the NodeClaims that own the event's instances; an instance missing here is not
     *                           Spotter's and gets a no-op
     */
    public List<InterruptionAction> decide(InterruptionEvent event, Map<String, NodeClaim> claimsByInstanceId) {
        List<InterruptionAction> actions = new ArrayList<>(event.instanceIds().size());
        for (String instanceId : event.instanceIds()) {
            actions.add(decide(event, instanceId, claimsByInstanceId.get(instanceId)));
        }
        return actions;
    }

    private InterruptionAction decide(InterruptionEvent event, String instanceId, NodeClaim claim) {
        if (event.isNoOp()) {
            return InterruptionAction.noOp(instanceId, event, claim, event.description());
        }
        if (claim == null) {
            return InterruptionAction.noOp(instanceId, event, null, "no NodeClaim owns instance " + instanceId);
        }
        if (claim.phase() == Phase.TERMINATED) {
            return InterruptionAction.noOp(instanceId, event, claim, "NodeClaim " + claim.name() + " is already retired");
        }
        boolean retiring = claim.phase() == Phase.DRAINING || claim.phase() == Phase.TERMINATING;
        switch (event.kind()) {
            case SPOT_INTERRUPTION:
                return spotInterruption(event, instanceId, claim, retiring);
            case REBALANCE_RECOMMENDATION:
                return rebalance(event, instanceId, claim, retiring);
            case STATE_CHANGE:
                if (!LEAVING_STATES.contains(event.state())) {
                    return InterruptionAction.noOp(instanceId, event, claim,
                            "instance state " + event.state() + " needs no action");
                }
                return drainAndRetire(event, instanceId, claim, retiring, "instance is " + event.state());
            case SCHEDULED_CHANGE:
                return drainAndRetire(event, instanceId, claim, retiring, "AWS Health scheduled change");
            case CAPACITY_RESERVATION_INTERRUPTION:
                return drainAndRetire(event, instanceId, claim, retiring, "capacity reservation reclaimed");
            default:
                return InterruptionAction.noOp(instanceId, event, claim, event.description());
        }
    }

    private static InterruptionAction spotInterruption(InterruptionEvent event, String instanceId, NodeClaim claim,
                                                       boolean retiring) {
        List<InterruptionStep> steps = new ArrayList<>();
        if (claim.instanceType() != null && claim.zone() != null) {
            CapacityType type = claim.capacityType() == null ? CapacityType.SPOT : claim.capacityType();
            steps.add(new MarkOfferingUnavailable(new OfferingKey(type, claim.instanceType(), claim.zone())));
        }
        if (retiring) {
            return new InterruptionAction(instanceId, event, claim, steps,
                    "spot interruption while NodeClaim " + claim.name() + " is already " + phase(claim));
        }
        steps.addAll(SPOT_STEPS);
        return new InterruptionAction(instanceId, event, claim, steps, "spot interruption warning");
    }

    private InterruptionAction rebalance(InterruptionEvent event, String instanceId, NodeClaim claim,
                                         boolean retiring) {
        if (rebalanceMode == RebalanceMode.OFF) {
            return InterruptionAction.noOp(instanceId, event, claim,
                    "rebalance recommendation logged only (rebalance mode off)");
        }
        if (retiring) {
            return InterruptionAction.noOp(instanceId, event, claim,
                    "rebalance recommendation while NodeClaim " + claim.name() + " is already " + phase(claim));
        }
        return new InterruptionAction(instanceId, event, claim, REPLACE_THEN_DRAIN,
                "rebalance recommendation: replace before interruption");
    }

    private static InterruptionAction drainAndRetire(InterruptionEvent event, String instanceId, NodeClaim claim,
                                                     boolean retiring, String why) {
        if (retiring) {
            return InterruptionAction.noOp(instanceId, event, claim,
                    why + " while NodeClaim " + claim.name() + " is already " + phase(claim));
        }
        return new InterruptionAction(instanceId, event, claim, DRAIN_AND_RETIRE, why);
    }

    private static String phase(NodeClaim claim) {
        return claim.phase().name().toLowerCase(java.util.Locale.ROOT);
    }
}
