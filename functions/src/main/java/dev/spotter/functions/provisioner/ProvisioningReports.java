package dev.spotter.functions.provisioner;

import dev.spotter.catalog.CapacityType;
import dev.spotter.functions.runtime.SpotterMetrics;
import dev.spotter.nodeclaim.NodeClaim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.spotter.functions.runtime.LogKeys.instance;
import static dev.spotter.functions.runtime.LogKeys.nodeClaim;

/** Turns a provisioning outcome into metrics and one log line per launched claim. */
public final class ProvisioningReports {
    public static final String LAUNCHES_SPOT = "LaunchesSpot";
    public static final String LAUNCHES_ON_DEMAND = "LaunchesOnDemand";
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningReports.class);

    private ProvisioningReports() {
    }

    public static void record(SpotterMetrics metrics, ProvisioningOutcome outcome) {
        metrics.count(outcome.leaseAcquired() ? "ProvisioningPasses" : "ProvisioningPassesSkipped");
        metrics.count("PendingPods", outcome.pendingPods());
        metrics.count("PendingPodAgeSeconds", outcome.oldestPendingSeconds());
        metrics.count("UnschedulablePods", outcome.unschedulable().size());
        metrics.count("LaunchFailures", outcome.failed().size());
        metrics.count("PlannedHourlyCost", outcome.plannedHourlyCost());
        for (NodeClaim claim : outcome.launched()) {
            if (claim.instanceId() == null) {
                LOG.info("[dry run] would launch NodeClaim {} as {} on one of {} in {} ({} pods)", claim.name(),
                        claim.capacityType(), claim.instanceTypes(), claim.zones(), claim.pods().size(), nodeClaim(claim.name()));
                continue;
            }
            metrics.count(claim.capacityType() == CapacityType.SPOT ? LAUNCHES_SPOT : LAUNCHES_ON_DEMAND);
            LOG.info("launched NodeClaim {} as {} {} in {} ({} pods)", claim.name(), claim.capacityType(),
                    claim.instanceType(), claim.zone(), claim.pods().size(), nodeClaim(claim.name()),
                    instance(claim.instanceId()));
        }
        outcome.unschedulable().forEach(u -> LOG.info("pod {} cannot be scheduled: {}", u.pod(), u.reason()));
    }
}
