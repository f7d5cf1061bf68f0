package dev.spotter.adapters.dynamodb;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.catalog.InstanceSpec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Instance specs as gzip-compressed JSON: about 900 specs shrink to well under DynamoDB's 400 KB item limit. */
final class CatalogCodec {
    static final String FORMAT = "gzip-json-v1";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<List<InstanceSpec>> SPECS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Map<String, Double>>> SPOT_PRICES = new TypeReference<>() {
    };

    private CatalogCodec() {
    }

    static byte[] encode(List<InstanceSpec> specs) {
        return gzipJson(specs);
    }

    /** Spot prices by instance type, then zone. */
    static byte[] encodeSpotPrices(Map<String, Map<String, Double>> spotPrices) {
        return gzipJson(spotPrices);
    }

    private static byte[] gzipJson(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            JSON.writeValue(gzip, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the instance catalog", e);
        }
        return bytes.toByteArray();
    }

    static List<InstanceSpec> decode(byte[] compressed) {
        try (InputStream json = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return JSON.readValue(json, SPECS);
        } catch (IOException e) {
            throw new MalformedItemException("the cached instance catalog is not gzip-compressed JSON of instance specs: "
                    + e.getMessage(), e);
        }
    }

    static Map<String, Map<String, Double>> decodeSpotPrices(byte[] compressed) {
        try (InputStream json = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return JSON.readValue(json, SPOT_PRICES);
        } catch (IOException e) {
            throw new MalformedItemException("the cached spot prices are not gzip-compressed JSON of prices by type and zone: "
                    + e.getMessage(), e);
        }
    }
}
