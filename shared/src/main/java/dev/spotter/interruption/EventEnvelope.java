package dev.spotter.interruption;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * The fields every EventBridge event has, read before the event is handed to the parser of its kind.
 *
 * @param detail the event's {@code detail} object as it came (may be missing: the kind's parser decides)
 */
public record EventEnvelope(EventKey key, String id, Instant time, JsonNode detail) {
}
