package dev.spotter.adapters.dynamodb;

import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.NodeClaimStore;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.nodeclaim.VersionConflictException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static dev.spotter.adapters.dynamodb.Attributes.n;
import static dev.spotter.adapters.dynamodb.Attributes.s;

/**
 * NodeClaims in the {@link StateTable}, one item each, written only over the version read (optimistic concurrency).
 *
 * <p>Uses the low-level client: the condition expressions, the sparse GSI attributes and the nested requirement maps
 * are spelled out where they matter, and nothing is mapped by reflection at cold start.
 */
public final class DynamoDbNodeClaimStore implements NodeClaimStore {
    private static final String VERSION_MATCHES = "#version = :read";

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDbNodeClaimStore(DynamoDbClient dynamo, String tableName) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public NodeClaim create(NodeClaim claim, Instant now) {
        NodeClaim stored = claim.toBuilder()
                .version(1)
                .createdAt(claim.createdAt() == null ? now : claim.createdAt())
                .build();
        try {
            dynamo.putItem(b -> b.tableName(tableName)
                    .item(NodeClaimItems.toItem(stored, now))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", StateTable.PK)));
        } catch (ConditionalCheckFailedException e) {
            throw new VersionConflictException(claim.name(),
                    "NodeClaim " + claim.name() + " of cluster " + claim.cluster() + " already exists");
        }
        return stored;
    }

    @Override
    public NodeClaim update(NodeClaim claim, Instant now) {
        NodeClaim stored = claim.toBuilder().version(claim.version() + 1).build();
        try {
            dynamo.putItem(b -> b.tableName(tableName)
                    .item(NodeClaimItems.toItem(stored, now))
                    .conditionExpression(VERSION_MATCHES)
                    .expressionAttributeNames(Map.of("#version", NodeClaimItems.VERSION))
                    .expressionAttributeValues(Map.of(":read", n(claim.version())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException e) {
            throw conflict(claim, "update", e);
        }
        return stored;
    }

    @Override
    public void delete(NodeClaim claim) {
        try {
            dynamo.deleteItem(b -> b.tableName(tableName)
                    .key(NodeClaimItems.key(claim.cluster(), claim.name()))
                    .conditionExpression(VERSION_MATCHES)
                    .expressionAttributeNames(Map.of("#version", NodeClaimItems.VERSION))
                    .expressionAttributeValues(Map.of(":read", n(claim.version())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException e) {
            throw conflict(claim, "delete", e);
        }
    }

    @Override
    public Optional<NodeClaim> get(String cluster, String name) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName)
                .key(NodeClaimItems.key(cluster, name))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(NodeClaimItems.fromItem(item));
    }

    /**
     * The GSI is eventually consistent and projects keys only: it names the claim, which is then read consistently,
     * so the version returned is the latest one. A claim written a moment ago may not be found yet.
     */
    @Override
    public Optional<NodeClaim> findByInstanceId(String cluster, String instanceId) {
        String partition = StateTable.clusterKey(cluster);
        QueryRequest request = QueryRequest.builder().tableName(tableName)
                .indexName(StateTable.BY_INSTANCE_ID)
                .keyConditionExpression("#instanceId = :instanceId")
                .expressionAttributeNames(Map.of("#instanceId", StateTable.INSTANCE_ID))
                .expressionAttributeValues(Map.of(":instanceId", s(instanceId)))
                .build();
        return dynamo.queryPaginator(request).items().stream()
                .filter(keys -> partition.equals(keys.get(StateTable.PK).s()))
                .map(keys -> dynamo.getItem(b -> b.tableName(tableName)
                        .key(Map.of(StateTable.PK, keys.get(StateTable.PK), StateTable.SK, keys.get(StateTable.SK)))
                        .consistentRead(true)).item())
                .filter(item -> item != null && !item.isEmpty())
                .map(NodeClaimItems::fromItem)
                .filter(claim -> instanceId.equals(claim.instanceId()))
                .findFirst();
    }

    /** Reads the phase GSI page by page; like every GSI read it may lag the latest writes slightly. */
    @Override
    public List<NodeClaim> listByPhase(String cluster, Phase phase) {
        QueryRequest request = QueryRequest.builder().tableName(tableName)
                .indexName(StateTable.BY_CLUSTER_PHASE)
                .keyConditionExpression("#clusterPhase = :clusterPhase")
                .expressionAttributeNames(Map.of("#clusterPhase", StateTable.CLUSTER_PHASE))
                .expressionAttributeValues(Map.of(":clusterPhase", s(NodeClaimItems.clusterPhase(cluster, phase))))
                .build();
        return dynamo.queryPaginator(request).items().stream().map(NodeClaimItems::fromItem).toList();
    }

    /** A consistent query of the cluster's partition; tombstones are filtered out server-side, page by page. */
    @Override
    public List<NodeClaim> listActive(String cluster) {
        QueryRequest request = QueryRequest.builder().tableName(tableName)
                .consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .filterExpression("#phase <> :terminated")
                .expressionAttributeNames(Map.of("#pk", StateTable.PK, "#sk", StateTable.SK, "#phase", NodeClaimItems.PHASE))
                .expressionAttributeValues(Map.of(
                        ":pk", s(StateTable.clusterKey(cluster)),
                        ":prefix", s(StateTable.nodeClaimKey("")),
                        ":terminated", s(Phase.TERMINATED.name())))
                .build();
        return dynamo.queryPaginator(request).items().stream().map(NodeClaimItems::fromItem).toList();
    }

    private static VersionConflictException conflict(NodeClaim claim, String action, ConditionalCheckFailedException e) {
        Map<String, AttributeValue> old = e.item();
        String found = old == null || old.isEmpty()
                ? "it no longer exists"
                : "it is at version " + Attributes.optionalLong(old, NodeClaimItems.VERSION);
        return new VersionConflictException(claim.name(), "cannot " + action + " NodeClaim " + claim.name() + " of cluster "
                + claim.cluster() + " at version " + claim.version() + ": " + found);
    }
}
