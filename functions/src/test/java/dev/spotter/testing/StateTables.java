package dev.spotter.testing;

import dev.spotter.adapters.dynamodb.StateTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Creates uniquely named Spotter state tables on the DynamoDB test endpoint, and deletes them. */
public final class StateTables {
    private StateTables() {
    }

    /** A new state table (GSIs and TTL included) named {@code prefix-xxxxxxxx}; returns its name. */
    public static String create(String prefix) {
        String name = TestAws.uniqueName(prefix);
        StateTable.create(DynamoDbTestEndpoint.client(), name);
        return name;
    }

    /** Deletes a table made by {@link #create}; matters on a real account, where tables cost money. */
    public static void delete(String tableName) {
        DynamoDbClient dynamo = DynamoDbTestEndpoint.client();
        dynamo.deleteTable(b -> b.tableName(tableName));
    }
}
