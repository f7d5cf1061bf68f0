package dev.spotter.config;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads what an EC2NodeClass says about reserved capacity and placement: {@code spec.capacityReservationSelectorTerms}
 * and {@code spec.placementGroupSelector} (Karpenter's fields), {@code status.capacityReservations} (Karpenter's own
 * status format) and Spotter's annotations for what Karpenter's status does not hold: the instances each reservation
 * can still take ({@value #AVAILABLE_ANNOTATION}: {@code cr-1=2,cr-2=0}) and, offline, the placement group's strategy,
 * zone and partition count ({@value #PLACEMENT_STRATEGY_ANNOTATION}, {@value #PLACEMENT_ZONE_ANNOTATION},
 * {@value #PLACEMENT_PARTITIONS_ANNOTATION}).
 */
final class CapacityParser {
    public static final String AVAILABLE_ANNOTATION = "spotter.dev/capacity-reservation-available";
    public static final String PLACEMENT_STRATEGY_ANNOTATION = "spotter.dev/placement-group-strategy";
    public static final String PLACEMENT_ZONE_ANNOTATION = "spotter.dev/placement-group-zone";
    public static final String PLACEMENT_PARTITIONS_ANNOTATION = "spotter.dev/placement-group-partitions";
    private static final Pattern OWNER_ID = Pattern.compile("[0-9]{12}");
    private static final Set<String> STATES = Set.of("active", "expiring");

    private CapacityParser() {
    }

    /** Karpenter's CRD: 1 to 30 terms (when present), each with id (cr-..., alone) or tags, optionally with ownerID. */
    static List<SelectorTerm> selectorTerms(YamlNode spec) {
        String field = "capacityReservationSelectorTerms";
        if (!spec.has(field)) {
            return List.of();
        }
        List<YamlNode> items = spec.list(field);
        if (items.isEmpty() || items.size() > 30) {
            throw spec.error(field, "must have between 1 and 30 terms, got " + items.size());
        }
        List<SelectorTerm> terms = new ArrayList<>();
        for (YamlNode item : items) {
            item.allowOnly("id", "tags", "ownerID");
            Map<String, String> tags = NodeClassParser.selectorTags(item);
            String id = item.string("id", "");
            String owner = item.string("ownerID", "");
            if (!id.isEmpty()) {
                if (item.raw().size() > 1) {
                    throw item.error("'id' is mutually exclusive, cannot be set with a combination of other fields in " + field);
                }
                if (!id.startsWith("cr-")) {
                    throw item.error("id", "'" + id + "' is not an id starting with cr-");
                }
            } else if (tags.isEmpty()) {
                throw item.error("expected at least one, got none, ['id', 'tags']");
            }
            if (!owner.isEmpty() && !OWNER_ID.matcher(owner).matches()) {
                throw item.error("ownerID", "'" + owner + "' is not a 12-digit AWS account id");
            }
            terms.add(new SelectorTerm(id, "", "", owner, tags));
        }
        return terms;
    }

    /** {@code placementGroupSelector}: exactly one of name and id (pg-...). */
    static PlacementGroupSelector placementGroupSelector(YamlNode spec) {
        YamlNode node = spec.get("placementGroupSelector");
        if (node.isMissing()) {
            return PlacementGroupSelector.NONE;
        }
        node.allowOnly("name", "id");
        String name = node.string("name", "");
        String id = node.string("id", "");
        if (name.isEmpty() == id.isEmpty()) {
            throw node.error("must specify exactly one of ['name', 'id']");
        }
        if (!id.isEmpty() && !id.startsWith("pg-")) {
            throw node.error("id", "'" + id + "' is not an id starting with pg-");
        }
        return new PlacementGroupSelector(name, id);
    }

    /**
     * {@code status.capacityReservations} in Karpenter's format, each with its available count from
     * {@value #AVAILABLE_ANNOTATION}. A reservation the annotation does not count is read as full (0), with a warning:
     * a plan never counts on reserved capacity nobody said was there.
     */
    static List<CapacityReservation> reservations(YamlNode status, YamlNode annotations) {
        Map<String, Integer> available = availableCounts(annotations);
        List<CapacityReservation> reservations = new ArrayList<>();
        for (YamlNode item : status.list("capacityReservations")) {
            item.allowOnly("id", "instanceType", "availabilityZone", "ownerID", "reservationType", "endTime", "state",
                    "instanceMatchCriteria");
            String id = item.string("id");
            String typeText = item.string("reservationType", "default");
            CapacityReservation.Type type = CapacityReservation.Type.fromLabel(typeText).orElseThrow(() ->
                    item.error("reservationType", "'" + typeText + "' is not one of [default, capacity-block]"));
            String state = item.string("state", "active");
            if (!STATES.contains(state)) {
                throw item.error("state", "'" + state + "' is not one of [active, expiring]");
            }
            Instant end = null;
            if (item.has("endTime")) {
                String text = item.string("endTime");
                try {
                    end = Instant.parse(text);
                } catch (DateTimeParseException e) {
                    throw item.error("endTime", "'" + text + "' is not an RFC 3339 time like 2026-12-02T10:00:00Z");
                }
            }
            Integer count = available.get(id);
            if (count == null) {
                item.warn("capacity reservation " + id + " has no available count in annotation " + AVAILABLE_ANNOTATION
                        + "; planned as full");
                count = 0;
            }
            if (state.equals("expiring")) {
                count = 0;
            }
            reservations.add(new CapacityReservation(id, item.string("instanceType"), item.string("availabilityZone"),
                    item.string("ownerID", ""), type, end, count));
        }
        return reservations;
    }

    private static Map<String, Integer> availableCounts(YamlNode annotations) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        String text = annotations.string(AVAILABLE_ANNOTATION, "").trim();
        if (text.isEmpty()) {
            return counts;
        }
        for (String entry : text.split(",")) {
            String[] parts = entry.trim().split("=");
            try {
                if (parts.length != 2 || !parts[0].trim().startsWith("cr-")) {
                    throw new NumberFormatException();
                }
                int count = Integer.parseInt(parts[1].trim());
                if (count < 0) {
                    throw new NumberFormatException();
                }
                counts.put(parts[0].trim(), count);
            } catch (NumberFormatException e) {
                throw annotations.error(AVAILABLE_ANNOTATION, "'" + entry.trim()
                        + "' is not <reservation id>=<available instances>, e.g. cr-0123456789abcdef0=2");
            }
        }
        return counts;
    }

    /** The placement group as the offline annotations describe it; null when the NodeClass selects none. */
    static PlacementGroup placementGroup(YamlNode annotations, PlacementGroupSelector selector) {
        String strategyText = annotations.string(PLACEMENT_STRATEGY_ANNOTATION, "");
        if (!selector.isSet()) {
            if (!strategyText.isEmpty()) {
                annotations.get(PLACEMENT_STRATEGY_ANNOTATION).warn("the EC2NodeClass has no placementGroupSelector; ignored");
            }
            return null;
        }
        if (strategyText.isEmpty()) {
            return null;
        }
        PlacementGroup.Strategy strategy = PlacementGroup.Strategy.fromLabel(strategyText).orElseThrow(() ->
                annotations.error(PLACEMENT_STRATEGY_ANNOTATION, "'" + strategyText + "' is not one of [cluster, partition, spread]"));
        int partitions = annotations.integer(PLACEMENT_PARTITIONS_ANNOTATION, strategy == PlacementGroup.Strategy.PARTITION ? 1 : 0);
        if (partitions < 0 || partitions > 7) {
            throw annotations.error(PLACEMENT_PARTITIONS_ANNOTATION, "must be between 0 and 7, got " + partitions);
        }
        return new PlacementGroup(selector.name(), selector.id(), strategy, partitions,
                annotations.string(PLACEMENT_ZONE_ANNOTATION, ""));
    }
}
