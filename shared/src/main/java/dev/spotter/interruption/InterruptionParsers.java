package dev.spotter.interruption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an EventBridge event body into an {@link InterruptionEvent}: the envelope first, then the parser registered
 * under the event's (source, detail-type, version). An event no parser is registered for is a no-op, so a new AWS
 * event kind routed to the queue is dropped quietly instead of failing; a body that is not an EventBridge event at
 * all is an {@link InterruptionParseException}.
 */
public final class InterruptionParsers {
    private final ObjectMapper mapper;
    private final Map<EventKey, EventParser> parsers;

    private InterruptionParsers(ObjectMapper mapper, List<EventParser> parsers) {
        this.mapper = mapper;
        Map<EventKey, EventParser> byKey = new HashMap<>();
        for (EventParser parser : parsers) {
            if (byKey.put(parser.key(), parser) != null) {
                throw new IllegalArgumentException("two parsers registered for " + parser.key());
            }
        }
        this.parsers = Map.copyOf(byKey);
    }

    /** The parsers for every kind Spotter acts on. */
    public static InterruptionParsers defaults(ObjectMapper mapper) {
        return of(mapper, List.of(new SpotInterruptionParser(), new RebalanceRecommendationParser(),
                new StateChangeParser(), new ScheduledChangeParser(), new CapacityReservationInterruptionParser()));
    }

    public static InterruptionParsers of(ObjectMapper mapper, List<EventParser> parsers) {
        return new InterruptionParsers(mapper, parsers);
    }

    /** @throws InterruptionParseException naming the field that is missing or wrong ({@code body} if not JSON) */
    public InterruptionEvent parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InterruptionParseException("body", "is empty");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InterruptionParseException("body", "is not JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new InterruptionParseException("body", "must be a JSON object");
        }
        EventEnvelope envelope = envelope(root);
        EventParser parser = parsers.get(envelope.key());
        if (parser == null) {
            return InterruptionEvent.noOp(envelope, "no parser for " + envelope.key());
        }
        return parser.parse(envelope);
    }

    private static EventEnvelope envelope(JsonNode root) {
        EventKey key = new EventKey(Fields.text(root, "source", "source"),
                Fields.text(root, "detail-type", "detail-type"), Fields.text(root, "version", "version"));
        return new EventEnvelope(key, Fields.text(root, "id", "id"), Fields.instant(root, "time", "time"),
                root.get("detail"));
    }
}
