package dev.spotter.adapters.dynamodb;

import dev.spotter.catalog.CatalogCache;
import dev.spotter.catalog.InstanceSpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static dev.spotter.adapters.dynamodb.Attributes.n;
import static dev.spotter.adapters.dynamodb.Attributes.s;

/**
 * A region's instance catalog as one item ({@code REGION#<region>} / {@code CATALOG}) of the {@link StateTable}: the
 * specs as gzip-compressed JSON in a Binary attribute, the live spot prices fetched with them likewise in another. A full region (about 900 types) compresses to a few tens of
 * KB; a catalog that would not fit in one item is refused rather than truncated. An item written in another
 * {@code format} (another Spotter version) reads as a miss.
 */
public final class DynamoDbCatalogCache implements CatalogCache {
    /** Leaves room under the 400 KB item limit for the other attributes. */
    static final int MAX_PAYLOAD_BYTES = 380 * 1024;
    static final String SORT_KEY = "CATALOG";
    static final String REGION = "region";
    static final String FETCHED_AT = "fetchedAt";
    static final String SPEC_COUNT = "specCount";
    static final String FORMAT = "format";
    static final String PAYLOAD = "payload";
    static final String SPOT_PRICES = "spotPrices";

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDbCatalogCache(DynamoDbClient dynamo, String tableName) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public void put(String region, List<InstanceSpec> specs, Map<String, Map<String, Double>> spotPrices, Instant fetchedAt) {
        byte[] payload = CatalogCodec.encode(specs);
        byte[] spot = CatalogCodec.encodeSpotPrices(spotPrices);
        if (payload.length + spot.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("the catalog of " + region + " (" + specs.size() + " instance types) and its spot prices"
                    + " compress to " + (payload.length + spot.length) + " bytes, more than the " + MAX_PAYLOAD_BYTES
                    + " a DynamoDB item can hold");
        }
        Map<String, AttributeValue> item = new HashMap<>(key(region));
        item.put(REGION, s(region));
        item.put(FETCHED_AT, Attributes.instant(fetchedAt));
        item.put(SPEC_COUNT, n(specs.size()));
        item.put(FORMAT, s(CatalogCodec.FORMAT));
        item.put(PAYLOAD, AttributeValue.fromB(SdkBytes.fromByteArray(payload)));
        item.put(SPOT_PRICES, AttributeValue.fromB(SdkBytes.fromByteArray(spot)));
        dynamo.putItem(b -> b.tableName(tableName).item(item));
    }

    @Override
    public Optional<CachedCatalog> get(String region) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName).key(key(region))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        // Another Spotter version's format is a cache miss: the caller refetches and overwrites it with this one's.
        if (!CatalogCodec.FORMAT.equals(Attributes.optionalString(item, FORMAT))) {
            return Optional.empty();
        }
        AttributeValue payload = item.get(PAYLOAD);
        if (payload == null || payload.b() == null) {
            throw Attributes.malformed(item, PAYLOAD, "is missing or not binary");
        }
        Instant fetchedAt = Attributes.optionalInstant(item, FETCHED_AT);
        if (fetchedAt == null) {
            throw Attributes.malformed(item, FETCHED_AT, "is missing");
        }
        // An item written before spot prices were cached has none: plans then use the Spot Advisor estimates.
        AttributeValue spot = item.get(SPOT_PRICES);
        Map<String, Map<String, Double>> spotPrices = spot == null || spot.b() == null ? Map.of()
                : CatalogCodec.decodeSpotPrices(spot.b().asByteArray());
        return Optional.of(new CachedCatalog(region, CatalogCodec.decode(payload.b().asByteArray()), spotPrices, fetchedAt));
    }

    /** Reads only the fetch time (a projection), not the catalog: the cheap check warm containers make. */
    @Override
    public Optional<Instant> fetchedAt(String region) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName).key(key(region))
                .projectionExpression("#f, #v").expressionAttributeNames(Map.of("#f", FETCHED_AT, "#v", FORMAT))).item();
        if (item == null || item.isEmpty() || !CatalogCodec.FORMAT.equals(Attributes.optionalString(item, FORMAT))) {
            return Optional.empty();
        }
        return Optional.ofNullable(Attributes.optionalInstant(item, FETCHED_AT));
    }

    /** Compressed size of a catalog, to report how close it is to the item limit. */
    public static int compressedSize(List<InstanceSpec> specs) {
        return CatalogCodec.encode(specs).length;
    }

    private static Map<String, AttributeValue> key(String region) {
        return Map.of(StateTable.PK, s("REGION#" + region), StateTable.SK, s(SORT_KEY));
    }
}
