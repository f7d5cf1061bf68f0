package dev.spotter.adapters.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one DynamoDB table that holds Spotter's state: NodeClaims, the provisioning lease and the unavailable
 * offerings of each cluster, and the catalog of each region. docs/state.md documents the same schema for the CDK
 * stack; keep the two in step.
 */
public final class StateTable {
    /**
     * The client of the state table, with {@link dev.spotter.adapters.aws.CallPolicy#STATE}; region, credentials and
     * endpoint from the SDK's default chains.
     */
    public static DynamoDbClient client() {
        return dev.spotter.adapters.aws.CallPolicy.STATE.build(DynamoDbClient.builder());
    }

    /** Partition key (S): {@code CLUSTER#<cluster>} or {@code REGION#<region>}. */
    public static final String PK = "pk";
    /** Sort key (S): {@code NODECLAIM#<name>}, {@code LEASE#provisioning}, {@code UNAVAILABLE#...}, {@code CATALOG}. */
    public static final String SK = "sk";
    /** TTL attribute (N, epoch seconds): DynamoDB deletes the item some time after it passes. */
    public static final String EXPIRES_AT = "expiresAt";
    /** GSI partition key (S), set only on NodeClaims that have an instance. */
    public static final String INSTANCE_ID = "instanceId";
    /** GSI partition key (S), {@code <cluster>#<PHASE>}, set on every NodeClaim. */
    public static final String CLUSTER_PHASE = "clusterPhase";

    /** Finds a NodeClaim by its EC2 instance; KEYS_ONLY, the store then reads the item consistently. */
    public static final String BY_INSTANCE_ID = "byInstanceId";
    /** Lists a cluster's NodeClaims in one phase; projects ALL attributes. */
    public static final String BY_CLUSTER_PHASE = "byClusterPhase";

    private StateTable() {
    }

    static String clusterKey(String cluster) {
        return "CLUSTER#" + cluster;
    }

    static String nodeClaimKey(String name) {
        return "NODECLAIM#" + name;
    }

    /**
     * Creates the table (on-demand billing), its two GSIs and its TTL, and waits until it is active. For tests and
     * local runs; deployed stacks get the same table from CDK.
     */
    public static void create(DynamoDbClient dynamo, String tableName) {
        dynamo.createTable(b -> b.tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        stringAttribute(PK), stringAttribute(SK), stringAttribute(INSTANCE_ID), stringAttribute(CLUSTER_PHASE))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .globalSecondaryIndexes(
                        GlobalSecondaryIndex.builder().indexName(BY_INSTANCE_ID)
                                .keySchema(key(INSTANCE_ID, KeyType.HASH))
                                .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                                .build(),
                        GlobalSecondaryIndex.builder().indexName(BY_CLUSTER_PHASE)
                                .keySchema(key(CLUSTER_PHASE, KeyType.HASH), key(SK, KeyType.RANGE))
                                .projection(p -> p.projectionType(ProjectionType.ALL))
                                .build()));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        dynamo.updateTimeToLive(b -> b.tableName(tableName)
                .timeToLiveSpecification(t -> t.attributeName(EXPIRES_AT).enabled(true)));
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
