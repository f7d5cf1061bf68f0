package dev.spotter.scheduling;

import dev.spotter.catalog.CapacityType;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A node the plan asks to launch. {@code instanceTypes} are the candidate types, cheapest first in
 * {@code capacityType} (at most 60, never fewer than the NodePool's minValues need); {@code zones} the allowed zones
 * where the claim's capacity type has an available offering; {@code requirements} the launch requirements (NodePool
 * requirements intersected with its pods', pinned to the capacity type, zones and candidates); {@code requests} what
 * its pods and the DaemonSets that land on it ask for; {@code hourlyPrice} the price of the first candidate in the
 * cheapest of {@code zones}. A reserved claim ({@code capacityType} RESERVED) names its capacity reservation in
 * {@code capacityReservationId} (empty otherwise), has the reservation's one type and zone, and costs 0 an hour
 * (the reservation is paid for anyway). {@code gang} names the gang ("namespace/name") whose pods it holds, empty
 * when none: a gang's claims are in one zone and are launched together, all or none. {@code name} is derived from the NodePool and the pods, so the same plan names it the same.
 */
public record PlannedNodeClaim(
        String name,
        String nodePool,
        String nodeClass,
        CapacityType capacityType,
        List<String> instanceTypes,
        List<String> zones,
        Requirements requirements,
        List<String> pods,
        Resources requests,
        double hourlyPrice,
        String capacityReservationId,
        String gang) {

    public PlannedNodeClaim {
        instanceTypes = List.copyOf(instanceTypes);
        zones = List.copyOf(zones);
        pods = List.copyOf(pods);
        capacityReservationId = capacityReservationId == null ? "" : capacityReservationId;
        gang = gang == null ? "" : gang;
    }

    public PlannedNodeClaim(String name, String nodePool, String nodeClass, CapacityType capacityType, List<String> instanceTypes,
                            List<String> zones, Requirements requirements, List<String> pods, Resources requests,
                            double hourlyPrice, String capacityReservationId) {
        this(name, nodePool, nodeClass, capacityType, instanceTypes, zones, requirements, pods, requests, hourlyPrice,
                capacityReservationId, "");
    }

    /** This claim restricted to one zone, with the candidates offered there and the price of the first there. */
    public PlannedNodeClaim inZone(String zone, List<String> types, double price) {
        Requirements pinned = requirements.and(dev.spotter.model.Requirement.in(dev.spotter.model.WellKnownLabels.ZONE, zone));
        if (!types.equals(instanceTypes)) {
            pinned = pinned.and(dev.spotter.model.Requirement.of(dev.spotter.model.WellKnownLabels.INSTANCE_TYPE,
                    dev.spotter.model.Operator.IN, types));
        }
        return new PlannedNodeClaim(name, nodePool, nodeClass, capacityType, types, List.of(zone), pinned, pods, requests, price,
                capacityReservationId, gang);
    }

    /** This claim as a member of the gang named {@code gangKey} ("namespace/name"). */
    public PlannedNodeClaim inGang(String gangKey) {
        return new PlannedNodeClaim(name, nodePool, nodeClass, capacityType, instanceTypes, zones, requirements, pods, requests,
                hourlyPrice, capacityReservationId, gangKey);
    }

    /** A claim outside any capacity reservation. */
    public PlannedNodeClaim(String name, String nodePool, String nodeClass, CapacityType capacityType, List<String> instanceTypes,
                            List<String> zones, Requirements requirements, List<String> pods, Resources requests,
                            double hourlyPrice) {
        this(name, nodePool, nodeClass, capacityType, instanceTypes, zones, requirements, pods, requests, hourlyPrice, "");
    }

    /** The NodeClaim record to store before launching this. */
    public NodeClaim toNodeClaim(String cluster, Instant now) {
        return NodeClaim.builder()
                .name(name)
                .cluster(cluster)
                .nodePool(nodePool)
                .nodeClass(nodeClass)
                .requirements(new ArrayList<>(requirements.all()))
                .instanceTypes(instanceTypes)
                .capacityType(capacityType)
                .zones(zones)
                .price(hourlyPrice)
                .pods(pods)
                .phase(Phase.PLANNED)
                .createdAt(now)
                .build();
    }
}
