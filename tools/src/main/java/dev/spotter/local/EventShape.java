package dev.spotter.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;

/** What kind of payload an event file holds, told from its fields. */
enum EventShape {
    SQS_BATCH("an SQS event (Records)"),
    FUNCTION_URL("a Function URL event (payload 2.0)"),
    ADMISSION_REVIEW("an AdmissionReview"),
    EVENTBRIDGE("an EventBridge event"),
    PROVISIONING_SIGNAL("a provisioning signal"),
    SCHEDULER_INPUT("EventBridge Scheduler's tick input"),
    UNKNOWN("no event Spotter knows");

    private final String description;

    EventShape(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    static EventShape of(JsonNode root) {
        if (root == null || !root.isObject()) {
            return UNKNOWN;
        }
        if (field(root, "records") != null) {
            return SQS_BATCH;
        }
        if (root.has("rawPath") || (root.has("requestContext") && "2.0".equals(root.path("version").asText()))) {
            return FUNCTION_URL;
        }
        if ("AdmissionReview".equals(root.path("kind").asText())) {
            return ADMISSION_REVIEW;
        }
        if ("spotter-tick".equals(root.path("kind").asText())) {
            return SCHEDULER_INPUT;
        }
        if (root.has("detail-type") && root.has("source")) {
            return EVENTBRIDGE;
        }
        if (root.has("reason") && root.has("at")) {
            return PROVISIONING_SIGNAL;
        }
        return UNKNOWN;
    }

    /** Lambda's SQS events spell it "Records"; Jackson writes "records": either is an SQS batch. */
    private static JsonNode field(JsonNode root, String lowerCaseName) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equalsIgnoreCase(lowerCaseName)) {
                return root.get(name);
            }
        }
        return null;
    }
}
