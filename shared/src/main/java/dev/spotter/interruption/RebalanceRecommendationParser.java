package dev.spotter.interruption;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** EC2 Instance Rebalance Recommendation: the spot instance is at elevated risk of interruption. */
public final class RebalanceRecommendationParser implements EventParser {
    public static final EventKey KEY = new EventKey("aws.ec2", "EC2 Instance Rebalance Recommendation", "0");

    @Override
    public EventKey key() {
        return KEY;
    }

    @Override
    public InterruptionEvent parse(EventEnvelope envelope) {
        JsonNode detail = Fields.detail(envelope);
        String instanceId = InstanceIds.ofDetail(detail);
        return InterruptionEvent.of(InterruptionKind.REBALANCE_RECOMMENDATION, envelope, List.of(instanceId),
                "spot instance " + instanceId + " has a rebalance recommendation");
    }
}
