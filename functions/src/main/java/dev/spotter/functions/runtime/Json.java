package dev.spotter.functions.runtime;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson mapper of the functions: building a mapper costs milliseconds and its caches warm per instance,
 * so every handler shares this one (and CRaC priming warms it before the snapshot).
 */
public final class Json {

    /**
     * Ignores unknown properties (AWS adds fields to events), reads and writes {@code java.time} types as ISO-8601
     * text, and reads Lambda's SQS event classes whatever the case of their properties ({@code Records},
     * {@code eventSourceARN}), as the Lambda runtime does.
     */
    public static final ObjectMapper MAPPER = create();

    private Json() {
    }

    private static ObjectMapper create() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false);
        JsonFormat.Value caseInsensitive =
                JsonFormat.Value.empty().withFeature(JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES);
        mapper.configOverride(SQSEvent.class).setFormat(caseInsensitive);
        mapper.configOverride(SQSEvent.SQSMessage.class).setFormat(caseInsensitive);
        mapper.configOverride(SQSEvent.MessageAttribute.class).setFormat(caseInsensitive);
        return mapper;
    }
}
