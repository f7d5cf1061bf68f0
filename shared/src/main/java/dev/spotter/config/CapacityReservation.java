package dev.spotter.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One EC2 capacity reservation an EC2NodeClass selects, as Karpenter writes it in the EC2NodeClass's
 * {@code status.capacityReservations} (id, instanceType, availabilityZone, ownerID, reservationType, endTime, state),
 * plus the number of instances it can still take ({@code availableInstanceCount}, which Karpenter keeps in memory and
 * DescribeCapacityReservations reports). {@code endTime} is null for a reservation without an end.
 */
public record CapacityReservation(
        String id,
        String instanceType,
        String availabilityZone,
        String ownerId,
        Type reservationType,
        Instant endTime,
        int availableInstanceCount) {

    /**
     * How long before its end a Capacity Block counts as expiring: Karpenter's CapacityReservationFromEC2 marks a
     * capacity-block reservation "expiring" 40 minutes before its end date (EC2 sends its expiration warning then and
     * starts terminating its instances 30 minutes before the end), and its expiration controller deletes the
     * NodeClaims on it from that moment.
     */
    public static final Duration CAPACITY_BLOCK_EXPIRY_LEAD = Duration.ofMinutes(40);

    public CapacityReservation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(availabilityZone, "availabilityZone");
        ownerId = ownerId == null ? "" : ownerId;
        reservationType = reservationType == null ? Type.DEFAULT : reservationType;
        if (availableInstanceCount < 0) {
            throw new IllegalArgumentException("capacity reservation " + id + ": negative available instance count " + availableInstanceCount);
        }
    }

    /** The reservation's end, if it has one. */
    public Optional<Instant> end() {
        return Optional.ofNullable(endTime);
    }

    /** Karpenter's state: expiring once a Capacity Block is within {@link #CAPACITY_BLOCK_EXPIRY_LEAD} of its end. */
    public boolean isExpiring(Instant now) {
        return reservationType == Type.CAPACITY_BLOCK && endTime != null
                && !now.isBefore(endTime.minus(CAPACITY_BLOCK_EXPIRY_LEAD));
    }

    /** The same reservation with another available count. */
    public CapacityReservation withAvailableInstanceCount(int count) {
        return new CapacityReservation(id, instanceType, availabilityZone, ownerId, reservationType, endTime, count);
    }

    /** Karpenter's reservation types, spelled as its karpenter.k8s.aws/capacity-reservation-type label spells them. */
    public enum Type {
        DEFAULT("default"), CAPACITY_BLOCK("capacity-block");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** From the label value, or EC2's ReservationType ("default", "capacity-block"); empty when unknown. */
        public static Optional<Type> fromLabel(String value) {
            for (Type type : values()) {
                if (type.label.equals(value)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }
}
