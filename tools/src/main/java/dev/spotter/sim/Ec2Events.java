package dev.spotter.sim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The EventBridge events EC2 sends about an instance, as the interruption queue receives them (the shapes of
 * events/eventbridge/*.json).
 */
final class Ec2Events {
    private static final String ACCOUNT = "123456789012";

    private Ec2Events() {
    }

    static String spotInterruption(String instanceId, Instant at) {
        return event("EC2 Spot Instance Interruption Warning", instanceId, at,
                "{\"instance-id\":\"" + instanceId + "\",\"instance-action\":\"terminate\"}");
    }

    static String rebalance(String instanceId, Instant at) {
        return event("EC2 Instance Rebalance Recommendation", instanceId, at, "{\"instance-id\":\"" + instanceId + "\"}");
    }

    static String stateChange(String instanceId, String state, Instant at) {
        return event("EC2 Instance State-change Notification", instanceId, at,
                "{\"instance-id\":\"" + instanceId + "\",\"state\":\"" + state + "\"}");
    }

    private static String event(String detailType, String instanceId, Instant at, String detail) {
        String id = UUID.nameUUIDFromBytes((detailType + instanceId + at).getBytes(StandardCharsets.UTF_8)).toString();
        return "{\"version\":\"0\",\"id\":\"" + id + "\",\"detail-type\":\"" + detailType + "\",\"source\":\"aws.ec2\","
                + "\"account\":\"" + ACCOUNT + "\",\"time\":\"" + at + "\",\"region\":\"us-east-1\",\"resources\":"
                + "[\"arn:aws:ec2:us-east-1:" + ACCOUNT + ":instance/" + instanceId + "\"],\"detail\":" + detail + "}";
    }
}
