package dev.spotter.functions.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.adapters.aws.CallPolicy;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/** Sends provisioning signals to an SQS queue, with the client built on first use. */
public final class SqsProvisioningQueue implements ProvisioningQueue {
    private final Supplier<SqsClient> sqs;
    private final String queueUrl;
    private final ObjectMapper mapper;

    public SqsProvisioningQueue(Supplier<SqsClient> sqs, String queueUrl, ObjectMapper mapper) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * A queue whose client is built on first send with the timeouts and retries of {@code policy}, region and
     * credentials from the Lambda environment, and {@code AWS_ENDPOINT_URL_SQS} / {@code AWS_ENDPOINT_URL} honoured
     * by the SDK itself.
     */
    public static SqsProvisioningQueue lazy(String queueUrl, CallPolicy policy) {
        return new SqsProvisioningQueue(Lazy.of(() -> policy.build(SqsClient.builder())), queueUrl, Json.MAPPER);
    }

    @Override
    public void send(ProvisioningSignal signal, Duration delay) {
        long seconds = delay.toSeconds();
        if (seconds < 0 || seconds > 900) {
            throw new IllegalArgumentException("SQS delay must be 0..900 s, was " + seconds);
        }
        sqs.get().sendMessage(b -> b.queueUrl(queueUrl).messageBody(signal.toJson(mapper))
                .delaySeconds((int) seconds));
    }
}
