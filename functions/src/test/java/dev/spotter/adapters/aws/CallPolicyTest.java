package dev.spotter.adapters.aws;

import dev.spotter.adapters.ec2.AwsClients;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SDK clients the functions build carry their call site's timeouts and retry limit. */
class CallPolicyTest {
    /** ClusterAccessManifests.WEBHOOK_TIMEOUT_SECONDS: how long the API server waits for the webhook. */
    private static final Duration API_SERVER_WEBHOOK_TIMEOUT = Duration.ofSeconds(3);

    @Test
    void build_givesTheClientBothTimeoutsAndTheRetryLimit() {
        try (SqsClient sqs = CallPolicy.WEBHOOK_SIGNAL.build(SqsClient.builder().region(Region.US_EAST_1))) {
            assertCarries(sqs, CallPolicy.WEBHOOK_SIGNAL);
        }
        try (DynamoDbClient dynamo = CallPolicy.STATE.build(DynamoDbClient.builder().region(Region.US_EAST_1))) {
            assertCarries(dynamo, CallPolicy.STATE);
        }
    }

    @Test
    void ec2Clients_carryTheEc2Policy() {
        System.setProperty("aws.region", "us-east-1");
        try (var ec2 = AwsClients.ec2(); var ssm = AwsClients.ssm()) {
            assertCarries(ec2, CallPolicy.EC2);
            assertCarries(ssm, CallPolicy.EC2);
        } finally {
            System.clearProperty("aws.region");
        }
    }

    @Test
    void webhookSignal_givesUpWellBeforeTheApiServerStopsWaiting() {
        CallPolicy webhook = CallPolicy.WEBHOOK_SIGNAL;
        assertThat(webhook.apiCallTimeout()).isLessThanOrEqualTo(API_SERVER_WEBHOOK_TIMEOUT.dividedBy(2));
        assertThat(webhook.attemptTimeout().multipliedBy(webhook.maxAttempts()))
                .isLessThanOrEqualTo(webhook.apiCallTimeout());
    }

    @Test
    void everyPolicy_hasAnAttemptTimeoutWithinItsCallTimeout() {
        for (CallPolicy policy : List.of(CallPolicy.WEBHOOK_SIGNAL, CallPolicy.PROVISIONING_QUEUE, CallPolicy.STATE,
                CallPolicy.SETTINGS, CallPolicy.EC2, CallPolicy.EKS, CallPolicy.CATALOG)) {
            assertThat(policy.attemptTimeout()).as(policy.callSite()).isLessThanOrEqualTo(policy.apiCallTimeout());
            assertThat(policy.maxAttempts()).as(policy.callSite()).isBetween(1, 3);
        }
    }

    @Test
    void constructor_whenTheAttemptOutlastsTheCall_namesTheCallSite() {
        assertThatThrownBy(() -> new CallPolicy("x", Duration.ofSeconds(1), Duration.ofSeconds(2), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x: the attempt timeout PT2S must be positive and no longer than the call timeout PT1S");
        assertThatThrownBy(() -> new CallPolicy("y", Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .hasMessageContaining("y: maxAttempts must be at least 1");
    }

    private static void assertCarries(SdkClient client, CallPolicy policy) {
        ClientOverrideConfiguration config = client.serviceClientConfiguration().overrideConfiguration();
        assertThat(config.apiCallTimeout()).as(policy.callSite()).contains(policy.apiCallTimeout());
        assertThat(config.apiCallAttemptTimeout()).as(policy.callSite()).contains(policy.attemptTimeout());
        assertThat(config.retryStrategy()).as(policy.callSite()).isPresent();
        assertThat(config.retryStrategy().get().maxAttempts()).as(policy.callSite()).isEqualTo(policy.maxAttempts());
    }
}
