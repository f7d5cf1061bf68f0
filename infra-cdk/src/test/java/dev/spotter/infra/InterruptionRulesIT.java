package dev.spotter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stack's EventBridge rules on a real EventBridge: every {@code AWS::Events::Rule} of the template that
 * {@code cdk synth} produces (synthesised here the same way, with cdk.json's context and the clusterName synth.sh
 * uses) is put with its EventPattern as is on the endpoint AWS_ENDPOINT_URL names (moto's server in
 * scripts/test-all.sh; LocalStack or a real account work too), all targeting one SQS queue as the stack's target the
 * interruption queue. Then every sample of events/eventbridge, and mutated copies that must not match, are put on
 * the bus, and exactly the expected events must arrive, each once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InterruptionRulesIT {
    private static final Path SAMPLES = Path.of("..", "events", "eventbridge");
    /** The samples the interruption handler reads; health-issue-not-scheduled and unknown-kind must not arrive. */
    private static final List<String> DELIVERED = List.of(
            "capacity-reservation-interruption.json", "rebalance-recommendation.json", "scheduled-change.json",
            "spot-interruption.json", "state-change-running.json", "state-change-shutting-down.json",
            "state-change-stopped.json", "state-change-stopping.json", "state-change-terminated.json");

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final EventBridgeClient events = EventBridgeClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    private final SqsClient sqs = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    private final List<String> ruleNames = new ArrayList<>();
    private String queueUrl;

    @BeforeAll
    void installTheTemplatesRules() {
        queueUrl = sqs.createQueue(r -> r.queueName("spotter-interruption-" + suffix)).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<String, JsonNode> rules = templateRules();
        assertThat(rules).as("the template's EventBridge rules").hasSize(5);
        rules.forEach((logicalId, properties) -> {
            String name = "spotter-it-" + suffix + "-" + logicalId.substring(0, Math.min(40, logicalId.length()));
            assertThat(properties.path("Targets")).as("targets of %s", logicalId).hasSize(1);
            events.putRule(r -> r.name(name).eventPattern(properties.path("EventPattern").toString()));
            events.putTargets(r -> r.rule(name).targets(t -> t.id("interruption-queue").arn(queueArn)));
            ruleNames.add(name);
        });
    }

    @AfterAll
    void removeRules() {
        for (String name : ruleNames) {
            events.removeTargets(r -> r.rule(name).ids("interruption-queue"));
            events.deleteRule(r -> r.name(name));
        }
        sqs.deleteQueue(r -> r.queueUrl(queueUrl));
        events.close();
        sqs.close();
    }

    @Test
    void putEvents_everySampleAndMutatedNegatives_exactlyTheInterruptionKindsArriveOnce() {
        Map<String, ObjectNode> sent = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(SAMPLES)) {
            files.sorted().forEach(file -> sent.put(file.getFileName().toString(), read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode wrongSource = sent.get("spot-interruption.json").deepCopy().put("source", "my.application");
        ((ObjectNode) wrongSource.path("detail")).put("instance-id", "i-0000000000wrongsrc");
        ObjectNode wrongDetailType = sent.get("spot-interruption.json").deepCopy()
                .put("detail-type", "EC2 Spot Instance Interruption Warnings");
        ((ObjectNode) wrongDetailType.path("detail")).put("instance-id", "i-00000000wrongtype");
        ObjectNode otherService = sent.get("scheduled-change.json").deepCopy();
        ((ObjectNode) otherService.path("detail")).put("service", "RDS");
        ObjectNode accountNotification = sent.get("scheduled-change.json").deepCopy();
        ((ObjectNode) accountNotification.path("detail")).put("eventTypeCategory", "accountNotification");
        sent.put("mutated: wrong source", wrongSource);
        sent.put("mutated: wrong detail-type", wrongDetailType);
        sent.put("mutated: scheduled change of another service", otherService);
        sent.put("mutated: Health account notification", accountNotification);
        assertThat(sent).containsKeys(DELIVERED.toArray(String[]::new)).containsKeys("health-issue-not-scheduled.json", "unknown-kind.json");

        for (ObjectNode event : sent.values()) {
            PutEventsResponse response = events.putEvents(r -> r.entries(entry(event)));
            assertThat(response.failedEntryCount()).as("PutEvents of %s", event).isZero();
        }

        List<String> arrived = receiveAll().stream().map(body -> nameOf(body, sent)).toList();
        assertThat(arrived).containsExactlyInAnyOrderElementsOf(DELIVERED);
    }

    private static PutEventsRequestEntry entry(JsonNode event) {
        List<String> resources = new ArrayList<>();
        event.path("resources").forEach(resource -> resources.add(resource.asText()));
        return PutEventsRequestEntry.builder()
                .source(event.path("source").asText())
                .detailType(event.path("detail-type").asText())
                .detail(event.path("detail").toString())
                .resources(resources)
                .build();
    }

    /** Reads the queue until it stays empty for one long poll; each event is identified by source, type and detail. */
    private List<JsonNode> receiveAll() {
        List<JsonNode> bodies = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(2))
                    .messages();
            if (batch.isEmpty()) {
                return bodies;
            }
            for (Message message : batch) {
                bodies.add(parse(message.body()));
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    private static String nameOf(JsonNode delivered, Map<String, ObjectNode> sent) {
        return sent.entrySet().stream()
                .filter(e -> e.getValue().path("source").equals(delivered.path("source"))
                        && e.getValue().path("detail-type").equals(delivered.path("detail-type"))
                        && e.getValue().path("detail").equals(delivered.path("detail")))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("an event nobody sent arrived: " + delivered));
    }

    /**
     * Logical id → Properties of every AWS::Events::Rule that feeds the interruption queue, from the template synth.sh's
     * cdk synth would write (the decision bus's disabled example rule is not one of them).
     */
    private static Map<String, JsonNode> templateRules() {
        JsonNode template = Synth.json(Synth.template(Synth.stack(Map.of("clusterName", "ci-test"))));
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if ("AWS::Events::Rule".equals(resource.getValue().path("Type").asText())
                    && resource.getValue().path("Properties").path("Targets").toString().contains("SpotterQueuesInterruption")) {
                rules.put(resource.getKey(), resource.getValue().path("Properties"));
            }
        }
        return rules;
    }

    private static ObjectNode read(Path file) {
        try {
            return (ObjectNode) Synth.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample " + file, e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return Synth.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("the queue received something that is not an event: " + body, e);
        }
    }
}
