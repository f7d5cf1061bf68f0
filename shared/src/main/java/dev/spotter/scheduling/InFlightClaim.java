package dev.spotter.scheduling;

import dev.spotter.catalog.InstanceType;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirement;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.nodeclaim.NodeClaim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A NodeClaim that was decided (and perhaps launched) but whose node has not joined yet: capacity that will exist.
 * {@code labels} are the labels its node will carry (a zone label only once the zone is known), {@code taints} the
 * NodePool's taints, {@code pods} the pods it was planned for (they are not provisioned again).
 */
public record InFlightClaim(
        String name,
        String nodePool,
        Map<String, String> labels,
        List<Taint> taints,
        Resources capacity,
        Resources allocatable,
        List<Pod> pods) {

    public InFlightClaim {
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
        pods = List.copyOf(pods);
    }

    /**
     * Describes a claim by the instance type it was (or will most likely be) launched as: the launched type, or for a
     * claim not launched yet its first (cheapest) candidate.
     */
    public static InFlightClaim of(NodeClaim claim, InstanceType type, NodePool nodePool, List<Pod> pods) {
        Map<String, String> labels = new TreeMap<>(nodePool.labels());
        for (Requirement requirement : type.requirements().all()) {
            if (!requirement.isComplement() && requirement.values().size() == 1) {
                labels.put(requirement.key(), requirement.values().iterator().next());
            }
        }
        labels.remove(WellKnownLabels.ZONE);
        labels.remove(WellKnownLabels.CAPACITY_TYPE);
        if (claim.zone() != null && !claim.zone().isEmpty()) {
            labels.put(WellKnownLabels.ZONE, claim.zone());
        } else if (claim.zones().size() == 1) {
            labels.put(WellKnownLabels.ZONE, claim.zones().get(0));
        }
        if (claim.capacityType() != null) {
            labels.put(WellKnownLabels.CAPACITY_TYPE, claim.capacityType().label());
        }
        labels.put(WellKnownLabels.NODEPOOL, nodePool.name());
        labels.put(WellKnownLabels.INSTANCE_TYPE, type.name());
        labels.put(WellKnownLabels.HOSTNAME, claim.name());
        List<Taint> taints = new ArrayList<>(nodePool.taints());
        return new InFlightClaim(claim.name(), nodePool.name(), labels, taints, type.capacity(), type.allocatable(), pods);
    }
}
