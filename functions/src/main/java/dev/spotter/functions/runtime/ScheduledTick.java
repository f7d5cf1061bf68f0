package dev.spotter.functions.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The input EventBridge Scheduler sends the tick function: the schedule's configured JSON, in which Scheduler
 * replaces its context attributes ({@code <aws.scheduler.scheduled-time>} and the like). See
 * {@code events/tick/schedule-input-template.json} for what the stack configures and
 * {@code events/tick/scheduled.json} for what arrives.
 *
 * @param cluster       the cluster the tick is for
 * @param scheduledTime the time the schedule fired for (not when the function started)
 * @param executionId   Scheduler's id of this invocation attempt, for logs
 * @param attemptNumber 1 for the first attempt, more for Scheduler's retries
 */
public record ScheduledTick(String cluster, Instant scheduledTime, String scheduleArn, String executionId,
                            int attemptNumber) {
    public static final String KIND = "spotter-tick";

    /** @throws IllegalArgumentException naming the field that is missing or wrong */
    public static ScheduledTick fromJson(ObjectMapper mapper, String input) {
        JsonNode root;
        try {
            root = mapper.readTree(input == null ? "" : input);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tick input is not JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("tick input must be a JSON object");
        }
        if (!KIND.equals(root.path("kind").asText())) {
            throw new IllegalArgumentException("tick input field 'kind' must be " + KIND + ", was '"
                    + root.path("kind").asText() + "'");
        }
        String cluster = required(root, "cluster");
        String time = required(root, "scheduledTime");
        Instant scheduledTime;
        try {
            scheduledTime = OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("tick input field 'scheduledTime' is not an ISO-8601 time: " + time, e);
        }
        int attempt;
        try {
            attempt = Integer.parseInt(root.path("attemptNumber").asText("1"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tick input field 'attemptNumber' is not a number", e);
        }
        return new ScheduledTick(cluster, scheduledTime, root.path("scheduleArn").asText(""),
                root.path("executionId").asText(""), attempt);
    }

    private static String required(JsonNode root, String field) {
        String value = root.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException("tick input field '" + field + "' is missing");
        }
        return value;
    }
}
