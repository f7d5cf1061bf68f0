package dev.spotter.sim;

import java.time.Duration;
import java.util.Set;

/**
 * How long a launched instance takes to become a Ready node: CreateFleet to running, running to Node registered
 * (kubelet up and joined), registered to Ready (CNI initialised). Defaults (docs/simulate.md gives the sources): 55 s in
 * all for general-purpose families, the 45-65 s range published for EKS nodes on AL2023; GPU and accelerator families
 * take {@code acceleratorExtra} longer at registration (larger AMI, driver and device-plugin start-up), an assumption.
 */
public record BootDelays(Duration running, Duration registered, Duration ready, Duration acceleratorExtra) {
    public static final BootDelays DEFAULT = new BootDelays(Duration.ofSeconds(15), Duration.ofSeconds(25),
            Duration.ofSeconds(15), Duration.ofSeconds(60));

    private static final Set<String> ACCELERATOR_PREFIXES = Set.of("g", "p", "inf", "trn", "dl", "vt", "f");

    /** From the launch to the Node object existing (NotReady). */
    public Duration untilRegistered(String instanceType) {
        Duration base = running.plus(registered);
        return isAccelerated(instanceType) ? base.plus(acceleratorExtra) : base;
    }

    /** From the launch to the Node being Ready. */
    public Duration untilReady(String instanceType) {
        return untilRegistered(instanceType).plus(ready);
    }

    static boolean isAccelerated(String instanceType) {
        int dot = instanceType.indexOf('.');
        String family = dot < 0 ? instanceType : instanceType.substring(0, dot);
        String letters = family.replaceAll("[0-9].*$", "");
        return ACCELERATOR_PREFIXES.contains(letters);
    }
}
