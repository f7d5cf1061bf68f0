package dev.spotter.adapters.dynamodb;

import dev.spotter.catalog.CatalogCache;
import dev.spotter.catalog.InstanceSpec;
import dev.spotter.catalog.UnavailableOfferings;
import dev.spotter.nodeclaim.NodeClaimStore;
import dev.spotter.nodeclaim.ProvisioningLease;
import dev.spotter.testing.DynamoDbTestEndpoint;
import dev.spotter.testing.StateTables;
import dev.spotter.testing.contracts.CatalogCacheContract;
import dev.spotter.testing.contracts.NodeClaimStoreContract;
import dev.spotter.testing.contracts.ProvisioningLeaseContract;
import dev.spotter.testing.contracts.UnavailableOfferingsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The DynamoDB adapters against moto's DynamoDB (or whatever AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL name): the shared contracts, plus what only
 * the stored form shows (TTL attribute, malformed items, item size). One table for the whole class; every test uses
 * its own cluster or region.
 */
class DynamoDbStateIT {
    private static final DynamoDbClient DYNAMO = DynamoDbTestEndpoint.client();
    private static String table;

    @BeforeAll
    static void createTable() {
        table = StateTables.create("spotter-state");
    }

    @AfterAll
    static void deleteTable() {
        StateTables.delete(table);
    }

    private static Map<String, AttributeValue> rawItem(String pk, String sk) {
        return DYNAMO.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(StateTable.PK, AttributeValue.fromS(pk), StateTable.SK, AttributeValue.fromS(sk)))).item();
    }

    @Nested
    class NodeClaims extends NodeClaimStoreContract {
        private final DynamoDbNodeClaimStore store = new DynamoDbNodeClaimStore(DYNAMO, table);

        @Override
        protected NodeClaimStore store() {
            return store;
        }

        /** GSIs are eventually consistent on a real table (moto updates them at once): retry up to 20 s. */
        @Override
        protected <T> T readIndex(Supplier<T> read, Predicate<T> done) {
            T result = read.get();
            for (int attempt = 0; attempt < 40 && !done.test(result); attempt++) {
                sleep(Duration.ofMillis(500));
                result = read.get();
            }
            return result;
        }

        @Override
        protected void assertClaimsSpanSeveralPages() {
            var firstPage = DYNAMO.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("CLUSTER#" + cluster))));
            assertThat(firstPage.hasLastEvaluatedKey() && !firstPage.lastEvaluatedKey().isEmpty())
                    .as("the first page of %s claims ends before the last claim", manyClaimsCount()).isTrue();
        }

        @Test
        void update_whenTerminated_setsTtlAttributeToTombstoneExpiry() {
            var v1 = store.create(fullClaim(cluster, "claim-a"), T0);
            store.update(v1.toBuilder().phase(dev.spotter.nodeclaim.Phase.TERMINATED)
                    .tombstoneExpiry(Instant.parse("2025-06-01T13:00:00.250Z")).build(), T0);

            Map<String, AttributeValue> item = rawItem("CLUSTER#" + cluster, "NODECLAIM#claim-a");

            assertThat(item.get(StateTable.EXPIRES_AT).n()).isEqualTo(Long.toString(Instant.parse("2025-06-01T13:00:01Z").getEpochSecond()));
            assertThat(item.get(StateTable.CLUSTER_PHASE).s()).isEqualTo(cluster + "#TERMINATED");
        }

        @Test
        void create_whenNotTerminated_hasNoTtlAttributeEvenWithTombstoneExpiry() {
            store.create(fullClaim(cluster, "claim-a").toBuilder().tombstoneExpiry(T0).build(), T0);

            assertThat(rawItem("CLUSTER#" + cluster, "NODECLAIM#claim-a")).doesNotContainKey(StateTable.EXPIRES_AT);
        }

        @Test
        void get_whenItemMalformed_throwsNamingItemAndAttribute() {
            Map<String, AttributeValue> item = new java.util.HashMap<>(NodeClaimItems.toItem(fullClaim(cluster, "claim-a"), T0));
            item.put("phase", AttributeValue.fromS("Exploded"));
            DYNAMO.putItem(b -> b.tableName(table).item(item));

            assertThatThrownBy(() -> store.get(cluster, "claim-a"))
                    .isInstanceOf(MalformedItemException.class)
                    .hasMessageContaining("NODECLAIM#claim-a")
                    .hasMessageContaining("'phase'")
                    .hasMessageContaining("Exploded");
        }

        @Test
        void get_whenRequirementMalformed_throwsNamingRequirement() {
            Map<String, AttributeValue> item = new java.util.HashMap<>(NodeClaimItems.toItem(fullClaim(cluster, "claim-a"), T0));
            item.put("requirements", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                    "key", AttributeValue.fromS("karpenter.sh/capacity-type"),
                    "operator", AttributeValue.fromS("Within"),
                    "minValues", AttributeValue.fromN("0"))))));
            DYNAMO.putItem(b -> b.tableName(table).item(item));

            assertThatThrownBy(() -> store.get(cluster, "claim-a"))
                    .isInstanceOf(MalformedItemException.class)
                    .hasMessageContaining("requirements[0]")
                    .hasMessageContaining("Within");
        }
    }

    @Nested
    class Lease extends ProvisioningLeaseContract {
        private final DynamoDbProvisioningLease lease = new DynamoDbProvisioningLease(DYNAMO, table);

        @Override
        protected ProvisioningLease lease() {
            return lease;
        }

        @Test
        void tryAcquire_storesHolderAndTtl() {
            lease.tryAcquire(cluster, "provisioner-a", TERM, T0);

            Map<String, AttributeValue> item = rawItem("CLUSTER#" + cluster, "LEASE#provisioning");

            assertThat(item.get("holder").s()).isEqualTo("provisioner-a");
            assertThat(item.get(StateTable.EXPIRES_AT).n()).isEqualTo(Long.toString(T0.plus(TERM).getEpochSecond()));
            assertThat(lease.current(cluster)).contains(new ProvisioningLease.Lease(cluster, "provisioner-a", T0.plus(TERM)));
        }
    }

    @Nested
    class Unavailable extends UnavailableOfferingsContract {
        @Override
        protected UnavailableOfferings offerings(String cluster) {
            return new DynamoDbUnavailableOfferings(DYNAMO, table, cluster);
        }

        @Override
        protected UnavailableOfferings offerings(String cluster, Duration ttl) {
            return new DynamoDbUnavailableOfferings(DYNAMO, table, cluster, ttl);
        }

        @Test
        void current_whenAnotherClusterMarked_isEmpty() {
            offerings("other-" + cluster).markUnavailable(
                    new dev.spotter.catalog.OfferingKey(dev.spotter.catalog.CapacityType.SPOT, "m7i.large", "us-east-1a"), "ICE", T0);

            assertThat(offerings(cluster).current(T0)).isEmpty();
        }
    }

    @Nested
    class Catalog extends CatalogCacheContract {
        private final DynamoDbCatalogCache cache = new DynamoDbCatalogCache(DYNAMO, table);

        @Override
        protected CatalogCache cache() {
            return cache;
        }

        @Test
        void put_whenFullCatalog_fitsComfortablyInOneItem() {
            List<InstanceSpec> specs = syntheticCatalog(900, 7);

            int size = DynamoDbCatalogCache.compressedSize(specs);
            System.out.printf("catalog of %d instance specs: %d bytes gzip-compressed JSON (item limit 400 KB)%n", specs.size(), size);

            assertThat(size).isLessThan(DynamoDbCatalogCache.MAX_PAYLOAD_BYTES / 4);
        }

        @Test
        void put_whenCatalogTooLargeForOneItem_throwsClearError() {
            List<InstanceSpec> specs = incompressibleCatalog(3000);

            assertThatThrownBy(() -> cache.put(region, specs, T0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3000 instance types")
                    .hasMessageContaining("bytes");
            assertThat(cache.get(region)).isEmpty();
        }

        @Test
        void get_whenStoredInAnotherFormat_returnsEmpty() {
            cache.put(region, syntheticCatalog(3, 1), T0);
            DYNAMO.updateItem(b -> b.tableName(table)
                    .key(Map.of(StateTable.PK, AttributeValue.fromS("REGION#" + region), StateTable.SK, AttributeValue.fromS("CATALOG")))
                    .updateExpression("SET #format = :v2")
                    .expressionAttributeNames(Map.of("#format", "format"))
                    .expressionAttributeValues(Map.of(":v2", AttributeValue.fromS("zstd-cbor-v2"))));

            assertThat(cache.get(region)).isEmpty();
        }

        @Test
        void get_whenPayloadCorrupt_throwsClearError() {
            cache.put(region, syntheticCatalog(3, 1), T0);
            DYNAMO.updateItem(b -> b.tableName(table)
                    .key(Map.of(StateTable.PK, AttributeValue.fromS("REGION#" + region), StateTable.SK, AttributeValue.fromS("CATALOG")))
                    .updateExpression("SET #payload = :junk")
                    .expressionAttributeNames(Map.of("#payload", "payload"))
                    .expressionAttributeValues(Map.of(":junk", AttributeValue.fromB(
                            software.amazon.awssdk.core.SdkBytes.fromUtf8String("not gzip")))));

            assertThatThrownBy(() -> cache.get(region))
                    .isInstanceOf(MalformedItemException.class)
                    .hasMessageContaining("gzip");
        }

        private List<InstanceSpec> incompressibleCatalog(int count) {
            java.util.Random random = new java.util.Random(5);
            return syntheticCatalog(count, 5).stream().map(spec -> {
                byte[] noise = new byte[150];
                random.nextBytes(noise);
                return new InstanceSpec(spec.name(), spec.family(), spec.currentGeneration(), spec.arch(), spec.vcpu(),
                        spec.memoryMib(), spec.gpuCount(), java.util.Base64.getEncoder().encodeToString(noise),
                        spec.gpuManufacturer(), spec.gpuMemoryMib(), spec.acceleratorName(), spec.acceleratorManufacturer(),
                        spec.acceleratorCount(), spec.maxEnis(), spec.ipv4PerEni(), spec.maxPodsEni(), spec.localStorageGb(),
                        spec.onDemandPrice(), spec.spotSavingsPercent(), spec.zones(), spec.hypervisor(), spec.bareMetal(),
                        spec.burstable(), spec.spotSupported(), spec.processorManufacturer());
            }).toList();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a GSI", e);
        }
    }
}
