package dev.spotter.interruption;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads required fields of an event, failing with the path of the field that is missing or wrong. */
final class Fields {
    private Fields() {
    }

    static JsonNode object(JsonNode parent, String name, String path) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            throw new InterruptionParseException(path, "is missing");
        }
        if (!node.isObject()) {
            throw new InterruptionParseException(path, "must be an object, was " + node.getNodeType());
        }
        return node;
    }

    static JsonNode array(JsonNode parent, String name, String path) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            throw new InterruptionParseException(path, "is missing");
        }
        if (!node.isArray()) {
            throw new InterruptionParseException(path, "must be an array, was " + node.getNodeType());
        }
        return node;
    }

    static String text(JsonNode parent, String name, String path) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            throw new InterruptionParseException(path, "is missing");
        }
        if (!node.isTextual()) {
            throw new InterruptionParseException(path, "must be a string, was " + node.getNodeType());
        }
        String value = node.asText().trim();
        if (value.isEmpty()) {
            throw new InterruptionParseException(path, "is empty");
        }
        return value;
    }

    static Instant instant(JsonNode parent, String name, String path) {
        String value = text(parent, name, path);
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InterruptionParseException(path, "'" + value + "' is not an ISO-8601 time", e);
        }
    }

    /** The detail object, which every kind Spotter acts on needs. */
    static JsonNode detail(EventEnvelope envelope) {
        JsonNode detail = envelope.detail();
        if (detail == null || detail.isNull() || detail.isMissingNode()) {
            throw new InterruptionParseException("detail", "is missing");
        }
        if (!detail.isObject()) {
            throw new InterruptionParseException("detail", "must be an object, was " + detail.getNodeType());
        }
        return detail;
    }
}
