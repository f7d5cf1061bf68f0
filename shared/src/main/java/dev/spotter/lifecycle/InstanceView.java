package dev.spotter.lifecycle;

import java.time.Instant;

/**
 * What the lifecycle planner needs to know of one EC2 instance tagged for the cluster: its id, the NodeClaim named in
 * its tags (empty if none), its state (pending, running, stopping, stopped, shutting-down, terminated) and launch time.
 */
public record InstanceView(String instanceId, String nodeClaimName, String state, Instant launchedAt) {
    public InstanceView {
        nodeClaimName = nodeClaimName == null ? "" : nodeClaimName;
    }

    /** True while the instance exists or may still come up; stopped, shutting-down and terminated instances are gone. */
    public boolean isAlive() {
        return "pending".equals(state) || "running".equals(state);
    }
}
