package dev.spotter.adapters.dynamodb;

import dev.spotter.catalog.CapacityType;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.nodeclaim.Condition;
import dev.spotter.nodeclaim.DisruptionRecord;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.spotter.adapters.dynamodb.Attributes.instant;
import static dev.spotter.adapters.dynamodb.Attributes.n;
import static dev.spotter.adapters.dynamodb.Attributes.putIfPresent;
import static dev.spotter.adapters.dynamodb.Attributes.s;
import static dev.spotter.adapters.dynamodb.Attributes.strings;

/** Maps a NodeClaim to its DynamoDB item and back; every field is kept (see docs/state.md for the attributes). */
final class NodeClaimItems {
    static final String ITEM_TYPE = "itemType";
    static final String TYPE_NODE_CLAIM = "NodeClaim";
    static final String NAME = "name";
    static final String CLUSTER = "cluster";
    static final String NODE_POOL = "nodePool";
    static final String NODE_CLASS = "nodeClass";
    static final String REQUIREMENTS = "requirements";
    static final String INSTANCE_TYPES = "instanceTypes";
    static final String CAPACITY_TYPE = "capacityType";
    static final String ZONES = "zones";
    static final String ZONE = "zone";
    static final String INSTANCE_TYPE = "instanceType";
    static final String PRICE = "price";
    static final String NODE_NAME = "nodeName";
    static final String PROVIDER_ID = "providerId";
    static final String PHASE = "phase";
    static final String CONDITIONS = "conditions";
    static final String PODS = "pods";
    static final String VERSION = "version";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String TOMBSTONE_EXPIRY = "tombstoneExpiry";
    static final String DISRUPTION = "disruption";

    private static final String KEY = "key";
    private static final String OPERATOR = "operator";
    private static final String VALUES = "values";
    private static final String MIN_VALUES = "minValues";
    private static final String GREATER_THAN = "greaterThan";
    private static final String LESS_THAN = "lessThan";
    private static final String TYPE = "type";
    private static final String STATUS = "status";
    private static final String REASON = "reason";
    private static final String MESSAGE = "message";
    private static final String LAST_TRANSITION_TIME = "lastTransitionTime";
    private static final String COMMAND = "command";
    private static final String ROLE = "role";
    private static final String STAGE = "stage";
    private static final String METHOD = "method";
    private static final String DECIDED_AT = "decidedAt";
    private static final String STAGE_SINCE = "stageSince";
    private static final String CANDIDATES = "candidates";
    private static final String REPLACEMENTS = "replacements";
    private static final String SAVINGS_PER_HOUR = "savingsPerHour";
    private static final String FORCEFUL = "forceful";

    private NodeClaimItems() {
    }

    static Map<String, AttributeValue> key(String cluster, String name) {
        return Map.of(StateTable.PK, s(StateTable.clusterKey(cluster)), StateTable.SK, s(StateTable.nodeClaimKey(name)));
    }

    static Map<String, AttributeValue> toItem(NodeClaim claim, Instant updatedAt) {
        Map<String, AttributeValue> item = new HashMap<>(key(claim.cluster(), claim.name()));
        item.put(ITEM_TYPE, s(TYPE_NODE_CLAIM));
        item.put(NAME, s(claim.name()));
        item.put(CLUSTER, s(claim.cluster()));
        putIfPresent(item, NODE_POOL, claim.nodePool());
        putIfPresent(item, NODE_CLASS, claim.nodeClass());
        item.put(REQUIREMENTS, AttributeValue.fromL(claim.requirements().stream().map(NodeClaimItems::requirement).toList()));
        item.put(INSTANCE_TYPES, strings(claim.instanceTypes()));
        if (claim.capacityType() != null) {
            item.put(CAPACITY_TYPE, s(claim.capacityType().label()));
        }
        item.put(ZONES, strings(claim.zones()));
        putIfPresent(item, ZONE, claim.zone());
        putIfPresent(item, StateTable.INSTANCE_ID, claim.instanceId());
        putIfPresent(item, INSTANCE_TYPE, claim.instanceType());
        // NaN (unknown) cannot be a DynamoDB number: it is stored as an absent attribute and read back as NaN.
        if (Double.isFinite(claim.price())) {
            item.put(PRICE, n(claim.price()));
        }
        putIfPresent(item, NODE_NAME, claim.nodeName());
        putIfPresent(item, PROVIDER_ID, claim.providerId());
        item.put(PHASE, s(claim.phase().name()));
        item.put(StateTable.CLUSTER_PHASE, s(clusterPhase(claim.cluster(), claim.phase())));
        item.put(CONDITIONS, AttributeValue.fromL(claim.conditions().stream().map(NodeClaimItems::condition).toList()));
        item.put(PODS, strings(claim.pods()));
        item.put(VERSION, n(claim.version()));
        if (claim.createdAt() != null) {
            item.put(CREATED_AT, instant(claim.createdAt()));
        }
        item.put(UPDATED_AT, instant(updatedAt));
        if (claim.disruption() != null) {
            item.put(DISRUPTION, disruption(claim.disruption()));
        }
        if (claim.tombstoneExpiry() != null) {
            item.put(TOMBSTONE_EXPIRY, instant(claim.tombstoneExpiry()));
            // Only a tombstone may carry the TTL attribute: DynamoDB must never expire a claim that holds a node.
            if (claim.phase().isTerminal()) {
                item.put(StateTable.EXPIRES_AT, Attributes.ttl(claim.tombstoneExpiry()));
            }
        }
        return item;
    }

    static String clusterPhase(String cluster, Phase phase) {
        return cluster + "#" + phase.name();
    }

    static NodeClaim fromItem(Map<String, AttributeValue> item) {
        try {
            return NodeClaim.builder()
                    .name(Attributes.requiredString(item, NAME))
                    .cluster(Attributes.requiredString(item, CLUSTER))
                    .nodePool(Attributes.optionalString(item, NODE_POOL))
                    .nodeClass(Attributes.optionalString(item, NODE_CLASS))
                    .requirements(requirements(item))
                    .instanceTypes(Attributes.stringList(item, INSTANCE_TYPES))
                    .capacityType(capacityType(item))
                    .zones(Attributes.stringList(item, ZONES))
                    .zone(Attributes.optionalString(item, ZONE))
                    .instanceId(Attributes.optionalString(item, StateTable.INSTANCE_ID))
                    .instanceType(Attributes.optionalString(item, INSTANCE_TYPE))
                    .price(Attributes.optionalDouble(item, PRICE, Double.NaN))
                    .nodeName(Attributes.optionalString(item, NODE_NAME))
                    .providerId(Attributes.optionalString(item, PROVIDER_ID))
                    .phase(phase(item))
                    .conditions(conditions(item))
                    .pods(Attributes.stringList(item, PODS))
                    .version(Attributes.requiredLong(item, VERSION))
                    .createdAt(Attributes.optionalInstant(item, CREATED_AT))
                    .tombstoneExpiry(Attributes.optionalInstant(item, TOMBSTONE_EXPIRY))
                    .disruption(disruption(item))
                    .build();
        } catch (MalformedItemException | IllegalArgumentException e) {
            throw new MalformedItemException("NodeClaim item " + keyText(item) + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String keyText(Map<String, AttributeValue> item) {
        AttributeValue pk = item.get(StateTable.PK);
        AttributeValue sk = item.get(StateTable.SK);
        return (pk == null ? "?" : pk.s()) + " / " + (sk == null ? "?" : sk.s());
    }

    private static AttributeValue requirement(Requirement requirement) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put(KEY, s(requirement.key()));
        map.put(OPERATOR, s(requirement.operator().yamlName()));
        map.put(VALUES, strings(List.copyOf(requirement.values())));
        map.put(MIN_VALUES, n(requirement.minValues()));
        requirement.greaterThan().ifPresent(bound -> map.put(GREATER_THAN, n(bound)));
        requirement.lessThan().ifPresent(bound -> map.put(LESS_THAN, n(bound)));
        return AttributeValue.fromM(map);
    }

    private static List<Requirement> requirements(Map<String, AttributeValue> item) {
        List<Requirement> requirements = new ArrayList<>();
        List<Map<String, AttributeValue>> maps = Attributes.mapList(item, REQUIREMENTS);
        for (int i = 0; i < maps.size(); i++) {
            Map<String, AttributeValue> map = maps.get(i);
            try {
                requirements.add(Requirement.restore(
                        Attributes.requiredString(map, KEY),
                        Operator.fromYaml(Attributes.requiredString(map, OPERATOR)),
                        Attributes.stringList(map, VALUES),
                        Attributes.optionalLong(map, GREATER_THAN),
                        Attributes.optionalLong(map, LESS_THAN),
                        (int) Attributes.requiredLong(map, MIN_VALUES)));
            } catch (MalformedItemException | IllegalArgumentException e) {
                throw new MalformedItemException(REQUIREMENTS + "[" + i + "]: " + e.getMessage(), e);
            }
        }
        return requirements;
    }

    private static AttributeValue condition(Condition condition) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put(TYPE, s(condition.type()));
        map.put(STATUS, AttributeValue.fromBool(condition.status()));
        map.put(REASON, s(condition.reason()));
        map.put(MESSAGE, s(condition.message()));
        if (condition.lastTransitionTime() != null) {
            map.put(LAST_TRANSITION_TIME, instant(condition.lastTransitionTime()));
        }
        return AttributeValue.fromM(map);
    }

    private static List<Condition> conditions(Map<String, AttributeValue> item) {
        List<Condition> conditions = new ArrayList<>();
        List<Map<String, AttributeValue>> maps = Attributes.mapList(item, CONDITIONS);
        for (int i = 0; i < maps.size(); i++) {
            Map<String, AttributeValue> map = maps.get(i);
            try {
                conditions.add(new Condition(
                        Attributes.requiredString(map, TYPE),
                        Attributes.requiredBoolean(map, STATUS),
                        Attributes.optionalString(map, REASON),
                        Attributes.optionalString(map, MESSAGE),
                        Attributes.optionalInstant(map, LAST_TRANSITION_TIME)));
            } catch (MalformedItemException e) {
                throw new MalformedItemException(CONDITIONS + "[" + i + "]: " + e.getMessage(), e);
            }
        }
        return conditions;
    }

    private static AttributeValue disruption(DisruptionRecord record) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put(COMMAND, s(record.command()));
        map.put(ROLE, s(record.role().name()));
        map.put(STAGE, s(record.stage().name()));
        map.put(REASON, s(record.reason()));
        map.put(METHOD, s(record.method()));
        if (record.decidedAt() != null) {
            map.put(DECIDED_AT, instant(record.decidedAt()));
        }
        if (record.stageSince() != null) {
            map.put(STAGE_SINCE, instant(record.stageSince()));
        }
        map.put(CANDIDATES, strings(record.candidates()));
        map.put(REPLACEMENTS, strings(record.replacements()));
        map.put(PODS, strings(record.pods()));
        if (Double.isFinite(record.savingsPerHour())) {
            map.put(SAVINGS_PER_HOUR, n(record.savingsPerHour()));
        }
        map.put(FORCEFUL, AttributeValue.fromBool(record.forceful()));
        return AttributeValue.fromM(map);
    }

    private static DisruptionRecord disruption(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(DISRUPTION);
        if (value == null || value.nul() != null && value.nul()) {
            return null;
        }
        if (!value.hasM()) {
            throw Attributes.malformed(item, DISRUPTION, "is not a map");
        }
        Map<String, AttributeValue> map = value.m();
        try {
            return new DisruptionRecord(
                    Attributes.requiredString(map, COMMAND),
                    DisruptionRecord.Role.valueOf(Attributes.requiredString(map, ROLE)),
                    DisruptionRecord.Stage.valueOf(Attributes.requiredString(map, STAGE)),
                    Attributes.optionalString(map, REASON),
                    Attributes.optionalString(map, METHOD),
                    Attributes.optionalInstant(map, DECIDED_AT),
                    Attributes.optionalInstant(map, STAGE_SINCE),
                    Attributes.stringList(map, CANDIDATES),
                    Attributes.stringList(map, REPLACEMENTS),
                    Attributes.stringList(map, PODS),
                    Attributes.optionalDouble(map, SAVINGS_PER_HOUR, Double.NaN),
                    map.containsKey(FORCEFUL) && Attributes.requiredBoolean(map, FORCEFUL));
        } catch (MalformedItemException | IllegalArgumentException e) {
            throw new MalformedItemException(DISRUPTION + ": " + e.getMessage(), e);
        }
    }

    private static CapacityType capacityType(Map<String, AttributeValue> item) {
        String label = Attributes.optionalString(item, CAPACITY_TYPE);
        return label == null ? null : CapacityType.fromLabel(label);
    }

    private static Phase phase(Map<String, AttributeValue> item) {
        String name = Attributes.requiredString(item, PHASE);
        try {
            return Phase.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw Attributes.malformed(item, PHASE, "is not a phase: " + name);
        }
    }
}
