package dev.spotter.functions.runtime;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    @Test
    void readSqsEvent_whenLambdaSample_readsRecordsAndTheSourceArnWhateverTheirCase() {
        SQSEvent event = LambdaEvents.sqs("sqs/spot-interruption.json");

        assertThat(event.getRecords()).hasSize(1);
        SQSMessage message = event.getRecords().get(0);
        assertThat(message.getMessageId()).isNotBlank();
        assertThat(message.getReceiptHandle()).startsWith("AQEB");
        assertThat(message.getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:spotter-interruption");
        assertThat(message.getAttributes()).containsEntry("ApproximateReceiveCount", "1");
        assertThat(message.getBody()).contains("EC2 Spot Instance Interruption Warning");
    }

    @Test
    void write_whenInstant_writesIso8601Text() throws Exception {
        JsonNode written = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(
                new ProvisioningSignal("pod-created", "shop/web", Instant.parse("2025-11-03T14:05:11.482Z"))));

        assertThat(written.get("at").asText()).isEqualTo("2025-11-03T14:05:11.482Z");
    }

    @Test
    void read_whenUnknownProperties_ignoresThem() throws Exception {
        ProvisioningSignal signal = Json.MAPPER.readValue(
                "{\"reason\":\"pod-created\",\"pod\":\"a/b\",\"at\":\"2025-11-03T14:05:11Z\",\"addedLater\":1}",
                ProvisioningSignal.class);

        assertThat(signal.pod()).isEqualTo("a/b");
    }
}
