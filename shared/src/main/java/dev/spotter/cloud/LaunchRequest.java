package dev.spotter.cloud;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;
import dev.spotter.model.Requirements;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.nodeclaim.NodeClaim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One launch of one NodeClaim: the claim, its NodePool and EC2NodeClass, the cluster it joins, the candidate instance
 * types (cheapest first, each with its offerings) and the capacity type to buy now. The launchable offerings are those
 * of that capacity type that are available and in one of the claim's zones (any zone when the claim names none).
 */
public record LaunchRequest(
        NodeClaim claim,
        NodePool nodePool,
        NodeClass nodeClass,
        ClusterInfo cluster,
        List<InstanceType> instanceTypes,
        CapacityType capacityType,
        int attempt) {

    /** A first attempt. */
    public LaunchRequest(NodeClaim claim, NodePool nodePool, NodeClass nodeClass, ClusterInfo cluster,
                         List<InstanceType> instanceTypes, CapacityType capacityType) {
        this(claim, nodePool, nodeClass, cluster, instanceTypes, capacityType, 1);
    }

    public LaunchRequest {
        if (attempt < 1) {
            throw new IllegalArgumentException("launch attempt must be at least 1, got " + attempt);
        }
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(nodePool, "nodePool");
        Objects.requireNonNull(nodeClass, "nodeClass");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(capacityType, "capacityType");
        instanceTypes = List.copyOf(instanceTypes);
    }

    /**
     * A request for the claim with the capacity type it was planned for; when the claim names none, spot if allowed
     * and offered (Karpenter's preference), else on-demand.
     */
    public static LaunchRequest of(NodeClaim claim, NodePool nodePool, NodeClass nodeClass, ClusterInfo cluster,
                                   List<InstanceType> instanceTypes) {
        LaunchRequest spot = new LaunchRequest(claim, nodePool, nodeClass, cluster, instanceTypes, CapacityType.SPOT);
        if (claim.capacityType() != null) {
            return spot.withCapacityType(claim.capacityType());
        }
        return spot.allows(CapacityType.SPOT) && !spot.offerings().isEmpty() ? spot : spot.withCapacityType(CapacityType.ON_DEMAND);
    }

    /**
     * True when both the claim's requirements and the NodePool's allow this capacity type. A NodePool that does not
     * constrain karpenter.sh/capacity-type gets Karpenter's default, on-demand only.
     */
    public boolean allows(CapacityType type) {
        boolean byPool = nodePool.requirements().get(WellKnownLabels.CAPACITY_TYPE)
                .map(requirement -> requirement.has(type.label()))
                .orElse(type == CapacityType.ON_DEMAND);
        boolean byClaim = Requirements.of(claim.requirements()).get(WellKnownLabels.CAPACITY_TYPE)
                .map(requirement -> requirement.has(type.label()))
                .orElse(true);
        return byPool && byClaim;
    }

    /** The offerings this request may launch on, in candidate order. */
    public List<OfferingKey> offerings() {
        List<OfferingKey> keys = new ArrayList<>();
        for (InstanceType type : instanceTypes) {
            for (Offering offering : type.offerings()) {
                if (isLaunchable(offering)) {
                    keys.add(new OfferingKey(offering.capacityType(), type.name(), offering.zone()));
                }
            }
        }
        return keys;
    }

    /** The candidate types that have at least one launchable offering, in candidate order. */
    public List<InstanceType> launchableInstanceTypes() {
        return instanceTypes.stream().filter(type -> type.offerings().stream().anyMatch(this::isLaunchable)).toList();
    }

    /** The zones of the launchable offerings of one instance type. */
    public List<String> launchableZones(InstanceType type) {
        return type.offerings().stream().filter(this::isLaunchable).map(Offering::zone).distinct().toList();
    }

    public Optional<Offering> offering(String instanceType, String zone, CapacityType type) {
        return instanceTypes.stream().filter(candidate -> candidate.name().equals(instanceType))
                .flatMap(candidate -> candidate.offerings().stream())
                .filter(offering -> offering.zone().equals(zone) && offering.capacityType() == type)
                .findFirst();
    }

    /** A copy in which the given offerings are no longer available. */
    public LaunchRequest without(Collection<OfferingKey> unavailable) {
        if (unavailable.isEmpty()) {
            return this;
        }
        Set<OfferingKey> drop = new HashSet<>(unavailable);
        List<InstanceType> remaining = new ArrayList<>();
        for (InstanceType type : instanceTypes) {
            List<Offering> offerings = type.offerings().stream()
                    .map(offering -> drop.contains(new OfferingKey(offering.capacityType(), type.name(), offering.zone()))
                            ? offering.withAvailable(false) : offering)
                    .toList();
            remaining.add(type.withOfferings(offerings));
        }
        return new LaunchRequest(claim, nodePool, nodeClass, cluster, remaining, capacityType, attempt);
    }

    /**
     * The reservation a reserved launch goes into: that of the first launchable reserved offering (each reservation is
     * one type in one zone, so a reserved launch targets exactly one).
     */
    public Optional<Offering> reservation() {
        if (capacityType != CapacityType.RESERVED) {
            return Optional.empty();
        }
        return instanceTypes.stream().flatMap(type -> type.offerings().stream()).filter(this::isLaunchable).findFirst();
    }

    public LaunchRequest withCapacityType(CapacityType type) {
        return new LaunchRequest(claim, nodePool, nodeClass, cluster, instanceTypes, type, attempt);
    }

    /** The same request as the given attempt of its launch (after capacity failures, on the offerings left). */
    public LaunchRequest withAttempt(int value) {
        return new LaunchRequest(claim, nodePool, nodeClass, cluster, instanceTypes, capacityType, value);
    }

    /**
     * The idempotency token of this launch: one per NodeClaim (its cluster, name and creation time), capacity type and
     * attempt, whatever offerings the caller read. Two invocations launching the same claim at once send the same
     * token, so EC2 launches once; a replacement claim of the same name (created later) gets a new one.
     */
    public String clientToken() {
        String identity = cluster.name() + "|" + claim.name() + "|" + (claim.createdAt() == null ? "" : claim.createdAt().toEpochMilli())
                + "|" + capacityType.label() + "|" + attempt;
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(identity.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "spotter-" + java.util.HexFormat.of().formatHex(digest).substring(0, 48);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean isLaunchable(Offering offering) {
        return offering.available() && offering.capacityType() == capacityType
                && (claim.zones().isEmpty() || claim.zones().contains(offering.zone()));
    }
}
