package dev.spotter.cloud;

import java.util.List;
import java.util.Optional;

/**
 * The cloud, as Spotter's control plane sees it (Karpenter's CloudProvider): launch one NodeClaim, terminate an
 * instance, and list or describe the cluster's instances. Failures are the typed unchecked exceptions of this package:
 * {@link InsufficientCapacityException} (retry elsewhere), {@link NodeClassNotReadyException} (fix the EC2NodeClass),
 * {@link InstanceNotFoundException} and {@link LaunchFailedException} (anything else).
 */
public interface CloudProvider {

    /** Launches one instance for the request's NodeClaim on one of the request's offerings. */
    LaunchResult launch(LaunchRequest request);

    /** Terminates an instance; an instance that is already gone (or going) counts as success. */
    void terminate(String instanceId);

    /** The instances that carry the cluster's ownership tag and are not terminated, for garbage collection. */
    List<CloudInstance> listClusterInstances(String cluster);

    /** The instance, unless EC2 no longer knows it. */
    Optional<CloudInstance> describe(String instanceId);
}
