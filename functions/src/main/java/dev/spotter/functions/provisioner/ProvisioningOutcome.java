package dev.spotter.functions.provisioner;

import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.scheduling.Plan;
import dev.spotter.scheduling.UnschedulablePod;

import java.util.List;

/**
 * What one provisioning pass did: whether it held the lease, how many pods it planned for, the claims it launched (or,
 * in dry-run, would have launched), the launches that failed, the pods nothing could fit, and how long the oldest
 * pending pod has waited.
 */
public record ProvisioningOutcome(boolean leaseAcquired, int pendingPods, List<NodeClaim> launched,
                                  List<ClaimLauncher.LaunchOutcome> failed, List<UnschedulablePod> unschedulable,
                                  double plannedHourlyCost, long oldestPendingSeconds) {

    public ProvisioningOutcome {
        launched = List.copyOf(launched);
        failed = List.copyOf(failed);
        unschedulable = List.copyOf(unschedulable);
    }

    public static ProvisioningOutcome leaseHeldElsewhere() {
        return new ProvisioningOutcome(false, 0, List.of(), List.of(), List.of(), 0, 0);
    }

    public static ProvisioningOutcome nothingPending() {
        return new ProvisioningOutcome(true, 0, List.of(), List.of(), List.of(), 0, 0);
    }

    /**
     * This outcome followed by a re-plan's: the launches and failures of both, the pods the re-plan could not place,
     * and the hourly cost of what was launched before plus what the re-plan planned.
     */
    ProvisioningOutcome followedBy(ProvisioningOutcome replan) {
        List<NodeClaim> allLaunched = new java.util.ArrayList<>(launched);
        allLaunched.addAll(replan.launched());
        List<ClaimLauncher.LaunchOutcome> allFailed = new java.util.ArrayList<>(failed);
        allFailed.addAll(replan.failed());
        double launchedCost = launched.stream().mapToDouble(NodeClaim::price).sum();
        return new ProvisioningOutcome(true, pendingPods, allLaunched, allFailed, replan.unschedulable(),
                launchedCost + replan.plannedHourlyCost(), oldestPendingSeconds);
    }

    static ProvisioningOutcome of(int pendingPods, Plan plan, List<NodeClaim> launched, List<ClaimLauncher.LaunchOutcome> failed) {
        return new ProvisioningOutcome(true, pendingPods, launched, failed, plan.unschedulable(), plan.hourlyCost(), 0);
    }

    ProvisioningOutcome withOldestPendingSeconds(long seconds) {
        return new ProvisioningOutcome(leaseAcquired, pendingPods, launched, failed, unschedulable, plannedHourlyCost, seconds);
    }
}
