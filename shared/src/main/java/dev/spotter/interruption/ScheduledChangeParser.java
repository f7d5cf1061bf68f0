package dev.spotter.interruption;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * AWS Health Event. Only EC2 events of category {@code scheduledChange} (instance retirement, maintenance) concern
 * Spotter; the others parse to a no-op, as in Karpenter.
 */
public final class ScheduledChangeParser implements EventParser {
    public static final EventKey KEY = new EventKey("aws.health", "AWS Health Event", "0");
    static final String WATCHED_SERVICE = "EC2";
    static final String WATCHED_CATEGORY = "scheduledChange";

    @Override
    public EventKey key() {
        return KEY;
    }

    @Override
    public InterruptionEvent parse(EventEnvelope envelope) {
        JsonNode detail = Fields.detail(envelope);
        String service = Fields.text(detail, "service", "detail.service");
        String category = Fields.text(detail, "eventTypeCategory", "detail.eventTypeCategory");
        if (!WATCHED_SERVICE.equals(service) || !WATCHED_CATEGORY.equals(category)) {
            return InterruptionEvent.noOp(envelope,
                    "AWS Health event of service " + service + " and category " + category + " is not watched");
        }
        JsonNode entities = Fields.array(detail, "affectedEntities", "detail.affectedEntities");
        List<String> instanceIds = new ArrayList<>();
        for (int i = 0; i < entities.size(); i++) {
            instanceIds.add(Fields.text(entities.get(i), "entityValue",
                    "detail.affectedEntities[" + i + "].entityValue"));
        }
        String typeCode = detail.path("eventTypeCode").asText("");
        return InterruptionEvent.of(InterruptionKind.SCHEDULED_CHANGE, envelope, instanceIds,
                "AWS Health scheduled change " + typeCode + " for " + instanceIds);
    }
}
