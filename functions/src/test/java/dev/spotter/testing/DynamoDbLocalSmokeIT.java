package dev.spotter.testing;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves the DynamoDB test server answers over HTTP: a table can be created, written and read. */
class DynamoDbLocalSmokeIT {
    private final DynamoDbClient dynamo = DynamoDbTestServer.client();

    @Test
    void getItem_whenItemPut_returnsIt() {
        String table = TestAws.uniqueName("smoke");
        dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
        try {
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromN("1"))));

            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("a")))
                    .consistentRead(true)).item();

            assertThat(item.get("v").n()).isEqualTo("1");
        } finally {
            dynamo.deleteTable(b -> b.tableName(table));
        }
    }
}
