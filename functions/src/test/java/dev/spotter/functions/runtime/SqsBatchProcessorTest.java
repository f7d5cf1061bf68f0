package dev.spotter.functions.runtime;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.spotter.interruption.InterruptionEvent;
import dev.spotter.interruption.InterruptionKind;
import dev.spotter.interruption.InterruptionParsers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqsBatchProcessorTest {
    private final RecordingSpotterMetrics metrics = new RecordingSpotterMetrics();
    private final SqsBatchProcessor processor = new SqsBatchProcessor(metrics);
    private final InterruptionParsers parsers = InterruptionParsers.defaults(Json.MAPPER);

    @Test
    void process_whenOneMessageIsNotJson_reportsOnlyItAndHandlesTheOthers() {
        SQSEvent batch = LambdaEvents.sqs("sqs/batch-with-poison.json");
        List<InterruptionEvent> handled = new ArrayList<>();

        SQSBatchResponse response = processor.process(batch, m -> parsers.parse(m.getBody()), handled::add);

        assertThat(failedIds(response)).containsExactly(batch.getRecords().get(1).getMessageId());
        assertThat(handled).extracting(InterruptionEvent::kind)
                .containsExactly(InterruptionKind.SPOT_INTERRUPTION, InterruptionKind.STATE_CHANGE);
        assertThat(metrics.total(SqsBatchProcessor.MESSAGES_UNPARSEABLE)).isEqualTo(1);
        assertThat(metrics.total(SqsBatchProcessor.MESSAGES_HANDLED)).isEqualTo(2);
    }

    @Test
    void process_whenHandlerThrowsForOneMessage_reportsItAsFailedAndCountsIt() {
        SQSEvent batch = LambdaEvents.sqs("sqs/batch-with-poison.json");
        batch.getRecords().remove(1);
        String failing = batch.getRecords().get(0).getMessageId();

        SQSBatchResponse response = processor.process(batch, message -> {
            if (message.getMessageId().equals(failing)) {
                throw new IllegalStateException("the Kubernetes API did not answer");
            }
        });

        assertThat(failedIds(response)).containsExactly(failing);
        assertThat(metrics.total(SqsBatchProcessor.MESSAGES_FAILED)).isEqualTo(1);
        assertThat(metrics.total(SqsBatchProcessor.MESSAGES_HANDLED)).isEqualTo(1);
    }

    @Test
    void process_whenEveryMessageSucceeds_reportsNoFailures() {
        SQSEvent batch = LambdaEvents.sqs("sqs/scheduled-change.json");
        List<InterruptionEvent> handled = new ArrayList<>();

        SQSBatchResponse response = processor.process(batch, m -> parsers.parse(m.getBody()), handled::add);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).singleElement().extracting(InterruptionEvent::instanceIds).asList()
                .containsExactly("i-0abcd1111aaaa2222", "i-0abcd3333bbbb4444");
    }

    @Test
    void process_whenEveryInterruptionSampleIsRead_parsesEachWithoutFailure() {
        for (String sample : Samples.INTERRUPTION_EVENTS) {
            SQSEvent batch = LambdaEvents.sqs(sample.replace("eventbridge/", "sqs/"));

            SQSBatchResponse response = processor.process(batch, m -> parsers.parse(m.getBody()), e -> { });

            assertThat(response.getBatchItemFailures()).as(sample).isEmpty();
        }
    }

    @Test
    void process_whenFifoQueueAndAMessageFails_reportsItAndEveryLaterMessageWithoutHandlingThem() {
        SQSEvent batch = LambdaEvents.sqs("sqs/batch-with-poison.json");
        batch.getRecords().forEach(m -> m.setEventSourceArn(m.getEventSourceArn() + ".fifo"));
        List<InterruptionEvent> handled = new ArrayList<>();

        SQSBatchResponse response = processor.process(batch, m -> parsers.parse(m.getBody()), handled::add);

        assertThat(failedIds(response)).containsExactly(batch.getRecords().get(1).getMessageId(),
                batch.getRecords().get(2).getMessageId());
        assertThat(handled).hasSize(1);
    }

    @Test
    void process_whenEventIsNullOrEmpty_reportsNoFailures() {
        assertThat(processor.process(null, m -> { }).getBatchItemFailures()).isEmpty();
        assertThat(processor.process(new SQSEvent(), m -> { }).getBatchItemFailures()).isEmpty();
    }

    @Test
    void process_whenMessageHasNoBodyOrAttributes_reportsItWithoutThrowing() {
        SQSMessage bare = new SQSMessage();
        bare.setMessageId("bare-1");
        SQSEvent batch = new SQSEvent();
        batch.setRecords(List.of(bare));

        SQSBatchResponse response = processor.process(batch, m -> parsers.parse(m.getBody()), e -> { });

        assertThat(failedIds(response)).containsExactly("bare-1");
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(BatchItemFailure::getItemIdentifier).toList();
    }
}
