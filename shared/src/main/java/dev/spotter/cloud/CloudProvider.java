package dev.spotter.cloud;

import dev.spotter.config.CapacityReservation;
import dev.spotter.config.NodeClass;
import dev.spotter.config.PlacementGroup;

import java.util.ArrayList;
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

    /**
     * The active capacity reservations the NodeClass's capacityReservationSelectorTerms select, with the instances
     * each can still take. This default reads them from the NodeClass (its status, offline).
     */
    default List<CapacityReservation> capacityReservations(NodeClass nodeClass) {
        return nodeClass.capacityReservations();
    }

    /** The placement group the NodeClass's placementGroupSelector selects. This default reads it from the NodeClass. */
    default Optional<PlacementGroup> placementGroup(NodeClass nodeClass) {
        return nodeClass.resolvedPlacementGroup();
    }

    /**
     * Launches a gang: one instance per request, all or none, in one zone. This default launches them one by one and,
     * when one fails, terminates those already launched and rethrows; a cloud that can launch all or none at once
     * (EC2's instant fleet with MinTargetCapacity) overrides it. Results are in the order of {@code members}.
     */
    default List<LaunchResult> launchGang(List<LaunchRequest> members) {
        List<LaunchResult> launched = new ArrayList<>();
        try {
            for (LaunchRequest member : members) {
                launched.add(launch(member));
            }
            return launched;
        } catch (RuntimeException e) {
            for (LaunchResult result : launched) {
                terminate(result.instanceId());
            }
            throw e;
        }
    }
}
