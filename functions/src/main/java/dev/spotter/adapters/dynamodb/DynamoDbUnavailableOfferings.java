package dev.spotter.adapters.dynamodb;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.catalog.UnavailableOfferings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.spotter.adapters.dynamodb.Attributes.n;
import static dev.spotter.adapters.dynamodb.Attributes.s;

/**
 * One cluster's unavailable offerings in the {@link StateTable}, one item per offering. An entry lapses {@code ttl}
 * after it was (last) marked: reads filter on the exact expiry in milliseconds, and DynamoDB's TTL deletes the item
 * later (TTL deletion can lag by days, so it is only housekeeping).
 */
public final class DynamoDbUnavailableOfferings implements UnavailableOfferings {
    /** Karpenter keeps an insufficient-capacity offering out for 3 minutes. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(3);

    static final String PREFIX = "UNAVAILABLE#";
    static final String CAPACITY_TYPE = "capacityType";
    static final String INSTANCE_TYPE = "instanceType";
    static final String ZONE = "zone";
    static final String REASON = "reason";
    static final String MARKED_AT = "markedAt";
    static final String EXPIRES_AT_MILLIS = "expiresAtMillis";

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final String cluster;
    private final Duration ttl;

    public DynamoDbUnavailableOfferings(DynamoDbClient dynamo, String tableName, String cluster) {
        this(dynamo, tableName, cluster, DEFAULT_TTL);
    }

    public DynamoDbUnavailableOfferings(DynamoDbClient dynamo, String tableName, String cluster, Duration ttl) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("unavailable-offering TTL must be positive, got " + ttl);
        }
        this.ttl = ttl;
    }

    /** Unconditional put: marking again simply moves the expiry to {@code now + ttl}. */
    @Override
    public void markUnavailable(OfferingKey offering, String reason, Instant now) {
        Instant expiresAt = now.plus(ttl);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(StateTable.PK, s(StateTable.clusterKey(cluster)));
        item.put(StateTable.SK, s(sortKey(offering)));
        item.put(CAPACITY_TYPE, s(offering.capacityType().label()));
        item.put(INSTANCE_TYPE, s(offering.instanceType()));
        item.put(ZONE, s(offering.zone()));
        item.put(REASON, s(reason == null ? "" : reason));
        item.put(MARKED_AT, Attributes.instant(now));
        item.put(EXPIRES_AT_MILLIS, n(expiresAt.toEpochMilli()));
        item.put(StateTable.EXPIRES_AT, Attributes.ttl(expiresAt));
        dynamo.putItem(b -> b.tableName(tableName).item(item));
    }

    @Override
    public Set<OfferingKey> current(Instant now) {
        QueryRequest request = QueryRequest.builder().tableName(tableName)
                .consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .filterExpression("#expires > :now")
                .expressionAttributeNames(Map.of("#pk", StateTable.PK, "#sk", StateTable.SK, "#expires", EXPIRES_AT_MILLIS))
                .expressionAttributeValues(Map.of(
                        ":pk", s(StateTable.clusterKey(cluster)),
                        ":prefix", s(PREFIX),
                        ":now", n(now.toEpochMilli())))
                .build();
        return dynamo.queryPaginator(request).items().stream()
                .map(DynamoDbUnavailableOfferings::offering)
                .collect(Collectors.toUnmodifiableSet());
    }

    static String sortKey(OfferingKey offering) {
        return PREFIX + offering.capacityType().label() + "#" + offering.instanceType() + "#" + offering.zone();
    }

    private static OfferingKey offering(Map<String, AttributeValue> item) {
        try {
            return new OfferingKey(
                    CapacityType.fromLabel(Attributes.requiredString(item, CAPACITY_TYPE)),
                    Attributes.requiredString(item, INSTANCE_TYPE),
                    Attributes.requiredString(item, ZONE));
        } catch (IllegalArgumentException e) {
            throw new MalformedItemException("unavailable-offering item " + item.get(StateTable.SK) + ": " + e.getMessage(), e);
        }
    }
}
