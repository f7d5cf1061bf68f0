package dev.spotter.interruption;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** EC2 Spot Instance Interruption Warning: the instance goes in about two minutes. */
public final class SpotInterruptionParser implements EventParser {
    public static final EventKey KEY = new EventKey("aws.ec2", "EC2 Spot Instance Interruption Warning", "0");

    @Override
    public EventKey key() {
        return KEY;
    }

    @Override
    public InterruptionEvent parse(EventEnvelope envelope) {
        JsonNode detail = Fields.detail(envelope);
        String instanceId = InstanceIds.ofDetail(detail);
        String action = detail.path("instance-action").asText("terminate");
        return InterruptionEvent.of(InterruptionKind.SPOT_INTERRUPTION, envelope, List.of(instanceId),
                "spot instance " + instanceId + " will be interrupted (" + action + ")");
    }
}
