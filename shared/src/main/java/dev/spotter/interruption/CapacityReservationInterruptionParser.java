package dev.spotter.interruption;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * EC2 Capacity Reservation Instance Interruption Warning: the owner of an interruptible Capacity Reservation
 * reclaims it, and the instance is terminated about two minutes later.
 */
public final class CapacityReservationInterruptionParser implements EventParser {
    public static final EventKey KEY =
            new EventKey("aws.ec2", "EC2 Capacity Reservation Instance Interruption Warning", "0");

    @Override
    public EventKey key() {
        return KEY;
    }

    @Override
    public InterruptionEvent parse(EventEnvelope envelope) {
        JsonNode detail = Fields.detail(envelope);
        String instanceId = InstanceIds.ofDetail(detail);
        String at = detail.path("instance-termination-time").asText("");
        return InterruptionEvent.of(InterruptionKind.CAPACITY_RESERVATION_INTERRUPTION, envelope,
                List.of(instanceId), "capacity reservation reclaimed: instance " + instanceId + " terminates"
                        + (at.isEmpty() ? " in about two minutes" : " at " + at));
    }
}
