package dev.spotter.adapters.dynamodb;

import dev.spotter.nodeclaim.ProvisioningLease;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static dev.spotter.adapters.dynamodb.Attributes.n;
import static dev.spotter.adapters.dynamodb.Attributes.s;

/**
 * The per-cluster provisioning lease as one item ({@code LEASE#provisioning}) in the {@link StateTable}. Every change
 * is a single conditional write, so two provisioners racing for it cannot both win. A lease is held while
 * {@code now < expiresAtMillis}; the TTL attribute only tidies up lapsed leases.
 */
public final class DynamoDbProvisioningLease implements ProvisioningLease {
    static final String SORT_KEY = "LEASE#provisioning";
    static final String HOLDER = "holder";
    static final String EXPIRES_AT_MILLIS = "expiresAtMillis";
    static final String ACQUIRED_AT = "acquiredAt";

    private static final Map<String, String> NAMES = Map.of(
            "#pk", StateTable.PK, "#holder", HOLDER, "#expires", EXPIRES_AT_MILLIS);

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDbProvisioningLease(DynamoDbClient dynamo, String tableName) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public Optional<Lease> tryAcquire(String cluster, String holder, Duration term, Instant now) {
        Instant expiresAt = now.plus(requirePositive(term));
        try {
            dynamo.putItem(b -> b.tableName(tableName)
                    .item(item(cluster, holder, now, expiresAt))
                    .conditionExpression("attribute_not_exists(#pk) OR #expires <= :now OR #holder = :me")
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()), ":me", s(holder))));
            return Optional.of(new Lease(cluster, holder, expiresAt));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean renew(Lease lease, Duration term, Instant now) {
        Instant expiresAt = now.plus(requirePositive(term));
        try {
            dynamo.updateItem(b -> b.tableName(tableName)
                    .key(key(lease.cluster()))
                    .updateExpression("SET #expires = :expires, #ttl = :ttl")
                    .conditionExpression("#holder = :me AND #expires > :now")
                    .expressionAttributeNames(Map.of("#holder", HOLDER, "#expires", EXPIRES_AT_MILLIS, "#ttl", StateTable.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(
                            ":me", s(lease.holder()),
                            ":now", n(now.toEpochMilli()),
                            ":expires", n(expiresAt.toEpochMilli()),
                            ":ttl", Attributes.ttl(expiresAt))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void release(Lease lease) {
        try {
            dynamo.deleteItem(b -> b.tableName(tableName)
                    .key(key(lease.cluster()))
                    .conditionExpression("#holder = :me")
                    .expressionAttributeNames(Map.of("#holder", HOLDER))
                    .expressionAttributeValues(Map.of(":me", s(lease.holder()))));
        } catch (ConditionalCheckFailedException e) {
            // Someone else holds it now (ours lapsed) or nobody does: either way it is no longer ours to give up.
        }
    }

    /** The lease as stored, held or lapsed; for diagnostics and tests. */
    public Optional<Lease> current(String cluster) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName).key(key(cluster)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Lease(cluster, Attributes.requiredString(item, HOLDER),
                Instant.ofEpochMilli(Attributes.requiredLong(item, EXPIRES_AT_MILLIS))));
    }

    private static Map<String, AttributeValue> key(String cluster) {
        return Map.of(StateTable.PK, s(StateTable.clusterKey(cluster)), StateTable.SK, s(SORT_KEY));
    }

    private static Map<String, AttributeValue> item(String cluster, String holder, Instant now, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(key(cluster));
        item.put(HOLDER, s(holder));
        item.put(ACQUIRED_AT, Attributes.instant(now));
        item.put(EXPIRES_AT_MILLIS, n(expiresAt.toEpochMilli()));
        item.put(StateTable.EXPIRES_AT, Attributes.ttl(expiresAt));
        return item;
    }

    private static Duration requirePositive(Duration term) {
        if (term.isNegative() || term.isZero()) {
            throw new IllegalArgumentException("lease term must be positive, got " + term);
        }
        return term;
    }
}
