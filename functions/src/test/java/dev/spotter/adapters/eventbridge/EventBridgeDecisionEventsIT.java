package dev.spotter.adapters.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.events.DecisionEvent;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.RecordingSpotterMetrics;
import dev.spotter.testing.TestAws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EventBridge adapter against a real EventBridge API (moto's server in scripts/test-all.sh, or whatever
 * AWS_ENDPOINT_URL names): events put on a bus reach an SQS queue through a rule, with Spotter's source, detail-type
 * and detail.
 */
class EventBridgeDecisionEventsIT {
    private final EventBridgeClient eventBridge = EventBridgeClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    private final SqsClient sqs = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    private final String bus = TestAws.uniqueName("spotter-it");
    private final String rule = bus + "-all";
    private final RecordingSpotterMetrics metrics = new RecordingSpotterMetrics();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    private String queueUrl;

    @AfterEach
    void cleanUp() {
        try {
            eventBridge.removeTargets(r -> r.rule(rule).eventBusName(bus).ids("queue"));
            eventBridge.deleteRule(r -> r.name(rule).eventBusName(bus));
            eventBridge.deleteEventBus(r -> r.name(bus));
            if (queueUrl != null) {
                sqs.deleteQueue(r -> r.queueUrl(queueUrl));
            }
        } catch (RuntimeException e) {
            // cleanup only: the outcome is decided
        }
        eventBridge.close();
        sqs.close();
    }

    @Test
    void flush_putsEveryEventOnTheBusInBatchesOfTen_andARuleDeliversThemToAQueue() {
        routeBusToQueue();
        EventBridgeDecisionEvents events = new EventBridgeDecisionEvents(() -> eventBridge, bus, metrics, clock);
        for (int i = 0; i < 11; i++) {
            events.publish(new DecisionEvent.NodeClaimLaunched("demo", "default-" + i, "default", "i-0" + i, "c6g.large",
                    "spot", "us-east-1a", 0.0312, List.of("shop/web-" + i)));
        }
        events.publish(new DecisionEvent.Disruption("demo", DecisionEvent.DisruptionStage.ROLLED_BACK, "d-0a1b2c3d4e",
                "Underutilized", List.of("default-1", "default-2"), List.of("ip-1", "ip-2"), List.of("default-9-0a1b2c3d4e"),
                0.05, "replacements not initialized within 10m"));

        events.flush();

        List<JsonNode> received = receive(12);
        assertThat(metrics.total(EventBridgeDecisionEvents.PUBLISHED_METRIC)).isEqualTo(12);
        assertThat(metrics.total(EventBridgeDecisionEvents.FAILED_METRIC)).isZero();
        assertThat(received).hasSize(12).allSatisfy(event -> {
            assertThat(event.path("source").asText()).isEqualTo("spotter");
            assertThat(event.path("detail").path("cluster").asText()).isEqualTo("demo");
        });
        JsonNode launched = received.stream().filter(e -> e.path("detail").path("nodeClaim").asText().equals("default-3"))
                .findFirst().orElseThrow();
        assertThat(launched.path("detail-type").asText()).isEqualTo("NodeClaim Launched");
        assertThat(launched.path("detail").path("instanceType").asText()).isEqualTo("c6g.large");
        assertThat(launched.path("detail").path("pricePerHour").asDouble()).isEqualTo(0.0312);
        assertThat(launched.path("detail").path("pods").get(0).asText()).isEqualTo("shop/web-3");
        JsonNode rolledBack = received.stream().filter(e -> e.path("detail-type").asText().equals("Disruption Rolled Back"))
                .findFirst().orElseThrow();
        assertThat(rolledBack.path("detail").path("command").asText()).isEqualTo("d-0a1b2c3d4e");
        assertThat(rolledBack.path("detail").path("outcome").asText()).isEqualTo("replacements not initialized within 10m");
    }

    @Test
    void flush_whenTheBusDoesNotExist_countsTheEventsAsFailedAndDoesNotThrow() {
        EventBridgeDecisionEvents events = new EventBridgeDecisionEvents(() -> eventBridge, bus + "-missing", metrics, clock);
        events.publish(new DecisionEvent.PodsUnschedulable("demo",
                List.of(new DecisionEvent.UnschedulablePodDetail("shop/big", "no instance type has 900 CPUs"))));

        events.flush();

        assertThat(metrics.total(EventBridgeDecisionEvents.FAILED_METRIC)).isEqualTo(1);
        assertThat(metrics.total(EventBridgeDecisionEvents.PUBLISHED_METRIC)).isZero();
    }

    private void routeBusToQueue() {
        eventBridge.createEventBus(r -> r.name(bus));
        queueUrl = sqs.createQueue(r -> r.queueName(bus)).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String ruleArn = eventBridge.putRule(r -> r.name(rule).eventBusName(bus)
                .eventPattern("{\"source\":[\"spotter\"]}")).ruleArn();
        // what a real account needs for EventBridge to send to the queue (emulators ignore it)
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"events.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + queueArn + "\",\"Condition\":"
                + "{\"ArnEquals\":{\"aws:SourceArn\":\"" + ruleArn + "\"}}}]}";
        sqs.setQueueAttributes(r -> r.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, policy)));
        eventBridge.putTargets(r -> r.rule(rule).eventBusName(bus).targets(t -> t.id("queue").arn(queueArn)));
    }

    /** Receives until {@code expected} messages arrived or a receive comes back empty (long polls, bounded). */
    private List<JsonNode> receive(int expected) {
        List<JsonNode> bodies = new ArrayList<>();
        for (int attempt = 0; attempt < 10 && bodies.size() < expected; attempt++) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            for (Message message : messages) {
                try {
                    bodies.add(Json.MAPPER.readTree(message.body()));
                } catch (java.io.IOException e) {
                    throw new AssertionError("not JSON: " + message.body(), e);
                }
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return bodies;
    }
}
