package dev.spotter.testing;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves the SQS test server behaves like SQS where Spotter's event handling relies on it. */
class ElasticMqSmokeIT {
    private final SqsClient sqs = SqsTestServer.client();

    @Test
    void receive_whenMessageSent_returnsItAndHidesItForTheVisibilityTimeout() {
        String queue = SqsTestServer.createQueue("smoke");
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("{\"hello\":\"spotter\"}"));

        List<Message> first = receive(queue, 30);
        List<Message> whileHidden = receive(queue, 30);

        assertThat(first).extracting(Message::body).containsExactly("{\"hello\":\"spotter\"}");
        assertThat(whileHidden).isEmpty();
    }

    @Test
    void receive_whenMessageDeleted_doesNotRedeliverIt() {
        String queue = SqsTestServer.createQueue("smoke");
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("once"));

        Message message = receive(queue, 0).get(0);
        sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));

        assertThat(receive(queue, 0)).isEmpty();
    }

    @Test
    void redrivePolicy_whenReceivedMaxReceiveCountTimes_movesMessageToDeadLetterQueue() {
        String deadLetters = SqsTestServer.createQueue("smoke-dlq");
        String redrive = "{\"deadLetterTargetArn\":\"" + SqsTestServer.queueArn(deadLetters) + "\",\"maxReceiveCount\":\"2\"}";
        String queue = SqsTestServer.createQueue("smoke", Map.of(QueueAttributeName.REDRIVE_POLICY, redrive));
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("poison"));

        // Visibility timeout 0: each failed handling makes the message visible again at once.
        assertThat(receive(queue, 0)).hasSize(1);
        assertThat(receive(queue, 0)).hasSize(1);
        List<Message> third = receive(queue, 0);

        assertThat(third).isEmpty();
        assertThat(receive(deadLetters, 30)).extracting(Message::body).containsExactly("poison");
    }

    private List<Message> receive(String queue, int visibilityTimeoutSeconds) {
        return sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)
                .visibilityTimeout(visibilityTimeoutSeconds)).messages();
    }
}
