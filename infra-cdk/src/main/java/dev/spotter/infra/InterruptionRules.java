package dev.spotter.infra;

import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The EventBridge rules for the five event kinds the interruption handler reads, all sent to the interruption queue.
 * Like Karpenter's, the EC2 rules match every instance of the account and region: the handler ignores instances that
 * are not Spotter's NodeClaims (an event pattern cannot filter on the instance's tags).
 */
final class InterruptionRules extends Construct {

    static final String SPOT_INTERRUPTION = "EC2 Spot Instance Interruption Warning";
    static final String REBALANCE_RECOMMENDATION = "EC2 Instance Rebalance Recommendation";
    static final String STATE_CHANGE = "EC2 Instance State-change Notification";
    static final String CAPACITY_RESERVATION_INTERRUPTION = "EC2 Capacity Reservation Instance Interruption Warning";
    static final String HEALTH_EVENT = "AWS Health Event";

    private final List<Rule> rules = new ArrayList<>();

    InterruptionRules(Construct scope, String id, IQueue interruptionQueue) {
        super(scope, id);
        SqsQueue target = new SqsQueue(interruptionQueue);
        rules.add(rule("SpotInterruption", ec2(SPOT_INTERRUPTION), target));
        rules.add(rule("RebalanceRecommendation", ec2(REBALANCE_RECOMMENDATION), target));
        // Every state, as Karpenter: the handler decides which ones matter (it may confirm launches on "running").
        rules.add(rule("InstanceStateChange", ec2(STATE_CHANGE), target));
        rules.add(rule("CapacityReservationInterruption", ec2(CAPACITY_RESERVATION_INTERRUPTION), target));
        rules.add(rule("ScheduledChange", EventPattern.builder()
                .source(List.of("aws.health"))
                .detailType(List.of(HEALTH_EVENT))
                .detail(Map.of(
                        "service", List.of("EC2"),
                        "eventTypeCategory", List.of("scheduledChange")))
                .build(), target));
    }

    List<Rule> rules() {
        return List.copyOf(rules);
    }

    private Rule rule(String id, EventPattern pattern, SqsQueue target) {
        Rule rule = Rule.Builder.create(this, id)
                .description("Spotter: " + String.join(", ", pattern.getDetailType()) + " to the interruption queue")
                .eventPattern(pattern)
                .build();
        rule.addTarget(target);
        return rule;
    }

    private static EventPattern ec2(String detailType) {
        return EventPattern.builder()
                .source(List.of("aws.ec2"))
                .detailType(List.of(detailType))
                .build();
    }
}
