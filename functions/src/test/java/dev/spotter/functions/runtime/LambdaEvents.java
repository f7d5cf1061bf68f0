package dev.spotter.functions.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Loads the samples of {@code events/} (copied to the test classpath by the build) into Lambda's event classes,
 * the way the Lambda runtime hands them to a handler.
 */
public final class LambdaEvents {
    private LambdaEvents() {
    }

    public static SQSEvent sqs(String sample) {
        return read(sample, SQSEvent.class);
    }

    public static APIGatewayV2HTTPEvent functionUrl(String sample) {
        return read(sample, APIGatewayV2HTTPEvent.class);
    }

    private static <T> T read(String sample, Class<T> type) {
        try {
            return Json.MAPPER.readValue(Samples.read(sample), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sample " + sample + " is not a " + type.getSimpleName(), e);
        }
    }
}
