package dev.spotter.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The provisioning queue (pending-pod signals from the webhook and the tick) and the interruption queue (EventBridge
 * EC2 / Health events), each with its dead-letter queue. SQS-managed SSE: EventBridge can send to it without a KMS
 * key policy, and nothing here is more sensitive than instance ids and pod names.
 */
final class WorkQueues extends Construct {

    /** A message that fails this often is poison, not a transient error: it goes to the DLQ for a human. */
    static final int MAX_RECEIVE_COUNT = 5;

    private final Queue provisioning;
    private final Queue provisioningDeadLetters;
    private final Queue interruption;
    private final Queue interruptionDeadLetters;

    WorkQueues(Construct scope, String id, Duration provisioningVisibility, Duration interruptionVisibility) {
        super(scope, id);
        provisioningDeadLetters = deadLetterQueue("ProvisioningDeadLetters");
        // Retention: a pending pod still pending after a day is found again by the tick anyway.
        provisioning = workQueue("Provisioning", provisioningVisibility, Duration.days(1), provisioningDeadLetters);
        interruptionDeadLetters = deadLetterQueue("InterruptionDeadLetters");
        // Retention: interruption warnings are worth acting on for minutes, not days (Karpenter keeps them 5 min;
        // an hour leaves room for the 5 receives of a failing message).
        interruption = workQueue("Interruption", interruptionVisibility, Duration.hours(1), interruptionDeadLetters);
    }

    Queue provisioning() {
        return provisioning;
    }

    Queue provisioningDeadLetters() {
        return provisioningDeadLetters;
    }

    Queue interruption() {
        return interruption;
    }

    Queue interruptionDeadLetters() {
        return interruptionDeadLetters;
    }

    private Queue workQueue(String id, Duration visibility, Duration retention, Queue deadLetters) {
        return Queue.Builder.create(this, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(visibility)
                .retentionPeriod(retention)
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(MAX_RECEIVE_COUNT).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    private Queue deadLetterQueue(String id) {
        return Queue.Builder.create(this, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }
}
