package dev.spotter.adapters.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reading and writing typed values in DynamoDB items, with errors that name the item and attribute at fault. */
final class Attributes {
    private Attributes() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue n(double value) {
        return AttributeValue.fromN(BigDecimal.valueOf(value).toPlainString());
    }

    static AttributeValue strings(List<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    static AttributeValue instant(Instant value) {
        return AttributeValue.fromS(value.toString());
    }

    /** Epoch seconds rounded up, as the TTL attribute wants them: an item never lapses before its instant. */
    static AttributeValue ttl(Instant value) {
        long seconds = value.getEpochSecond() + (value.getNano() > 0 ? 1 : 0);
        return n(seconds);
    }

    static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    static String requiredString(Map<String, AttributeValue> item, String name) {
        String value = optionalString(item, name);
        if (value == null) {
            throw malformed(item, name, "is missing");
        }
        return value;
    }

    static String optionalString(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || Boolean.TRUE.equals(value.nul())) {
            return null;
        }
        if (value.s() == null) {
            throw malformed(item, name, "is not a string");
        }
        return value.s();
    }

    static long requiredLong(Map<String, AttributeValue> item, String name) {
        String number = requiredNumber(item, name);
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw malformed(item, name, "is not an integer: " + number);
        }
    }

    static Long optionalLong(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? requiredLong(item, name) : null;
    }

    static double optionalDouble(Map<String, AttributeValue> item, String name, double absent) {
        if (!item.containsKey(name)) {
            return absent;
        }
        String number = requiredNumber(item, name);
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw malformed(item, name, "is not a number: " + number);
        }
    }

    static boolean requiredBoolean(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.bool() == null) {
            throw malformed(item, name, "is missing or not a boolean");
        }
        return value.bool();
    }

    static Instant optionalInstant(Map<String, AttributeValue> item, String name) {
        String text = optionalString(item, name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw malformed(item, name, "is not an ISO-8601 instant: " + text);
        }
    }

    static List<String> stringList(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return List.of();
        }
        if (!value.hasL()) {
            throw malformed(item, name, "is not a list");
        }
        return value.l().stream().map(element -> {
            if (element.s() == null) {
                throw malformed(item, name, "holds a non-string element");
            }
            return element.s();
        }).toList();
    }

    static List<Map<String, AttributeValue>> mapList(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return List.of();
        }
        if (!value.hasL()) {
            throw malformed(item, name, "is not a list");
        }
        return value.l().stream().map(element -> {
            if (!element.hasM()) {
                throw malformed(item, name, "holds a non-map element");
            }
            return element.m();
        }).toList();
    }

    private static String requiredNumber(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw malformed(item, name, "is missing or not a number");
        }
        return value.n();
    }

    static MalformedItemException malformed(Map<String, AttributeValue> item, String name, String problem) {
        return new MalformedItemException(describe(item) + "attribute '" + name + "' " + problem);
    }

    /** Names the item by its keys; nested maps (a requirement, a condition) have none and are named by the caller. */
    private static String describe(Map<String, AttributeValue> item) {
        AttributeValue pk = item.get(StateTable.PK);
        AttributeValue sk = item.get(StateTable.SK);
        if (pk == null || sk == null) {
            return "";
        }
        return "item " + pk.s() + " / " + sk.s() + ": ";
    }
}
