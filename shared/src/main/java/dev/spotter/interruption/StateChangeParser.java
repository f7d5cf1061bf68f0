package dev.spotter.interruption;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * EC2 Instance State-change Notification, for every state: which states lead to action is the policy's decision,
 * not the parser's.
 */
public final class StateChangeParser implements EventParser {
    public static final EventKey KEY = new EventKey("aws.ec2", "EC2 Instance State-change Notification", "0");

    @Override
    public EventKey key() {
        return KEY;
    }

    @Override
    public InterruptionEvent parse(EventEnvelope envelope) {
        JsonNode detail = Fields.detail(envelope);
        String instanceId = InstanceIds.ofDetail(detail);
        String state = Fields.text(detail, "state", "detail.state").toLowerCase(Locale.ROOT);
        return InterruptionEvent.stateChange(envelope, instanceId, state);
    }
}
