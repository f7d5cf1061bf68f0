package dev.spotter.cloud;

import dev.spotter.config.NodeClass;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cloud, as Spotter's control plane sees it (Karpenter's CloudProvider): the zones an EC2NodeClass can launch
 * in, launch one NodeClaim, terminate an instance, and list or describe the cluster's instances. Failures are the
 * typed unchecked exceptions of this package:
 * {@link InsufficientCapacityException} (retry elsewhere), {@link NodeClassNotReadyException} (fix the EC2NodeClass),
 * {@link InstanceNotFoundException} and {@link LaunchFailedException} (anything else).
 */
public interface CloudProvider {

    /**
     * The zones the NodeClass can launch in: those of the subnets its subnetSelectorTerms select (Karpenter limits a
     * NodeClass's offerings to them). Empty when no subnet matches: nothing of that NodeClass is launchable.
     * A failed lookup throws {@link CloudOperationException}.
     */
    Set<String> zones(NodeClass nodeClass);

    /** Launches one instance for the request's NodeClaim on one of the request's offerings. */
    LaunchResult launch(LaunchRequest request);

    /** Terminates an instance; an instance that is already gone (or going) counts as success. */
    void terminate(String instanceId);

    /** The instances that carry the cluster's ownership tag and are not terminated, for garbage collection. */
    List<CloudInstance> listClusterInstances(String cluster);

    /** The instance, unless EC2 no longer knows it. */
    Optional<CloudInstance> describe(String instanceId);
}
