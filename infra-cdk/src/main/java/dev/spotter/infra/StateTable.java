package dev.spotter.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The single DynamoDB table that holds NodeClaims, the provisioning lease, unavailable offerings and the catalog
 * cache. Key schema, indexes and TTL attribute follow docs/state.md (the store's own design).
 */
final class StateTable extends Construct {

    static final String PARTITION_KEY = "pk";
    static final String SORT_KEY = "sk";
    static final String BY_INSTANCE_ID = "byInstanceId";
    static final String INSTANCE_ID = "instanceId";
    static final String BY_CLUSTER_PHASE = "byClusterPhase";
    static final String CLUSTER_PHASE = "clusterPhase";
    static final String TTL_ATTRIBUTE = "expiresAt";

    private final Table table;

    StateTable(Construct scope, String id) {
        super(scope, id);
        table = Table.Builder.create(this, "Table")
                .partitionKey(stringAttribute(PARTITION_KEY))
                .sortKey(stringAttribute(SORT_KEY))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .encryption(TableEncryption.AWS_MANAGED)
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                // NodeClaims name running, billed instances: `cdk destroy` keeps the table (docs/deploy.md says how
                // to find Spotter's instances and delete the table once they are gone).
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(BY_INSTANCE_ID)
                .partitionKey(stringAttribute(INSTANCE_ID))
                // The store reads keys from the index, then the claim itself, consistently.
                .projectionType(ProjectionType.KEYS_ONLY)
                .build());
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(BY_CLUSTER_PHASE)
                .partitionKey(stringAttribute(CLUSTER_PHASE))
                .sortKey(stringAttribute(SORT_KEY))
                .projectionType(ProjectionType.ALL)
                .build());
    }

    Table table() {
        return table;
    }

    private static Attribute stringAttribute(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }
}
