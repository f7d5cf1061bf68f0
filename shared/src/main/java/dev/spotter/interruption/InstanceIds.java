package dev.spotter.interruption;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Pattern;

/** EC2 instance ids: {@code i-} and 8 or 17 hexadecimal digits. */
final class InstanceIds {
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8}([0-9a-f]{9})?");

    private InstanceIds() {
    }

    /** The required {@code detail.instance-id} of an EC2 event. */
    static String ofDetail(JsonNode detail) {
        return require(Fields.text(detail, "instance-id", "detail.instance-id"), "detail.instance-id");
    }

    static String require(String value, String path) {
        if (!INSTANCE_ID.matcher(value).matches()) {
            throw new InterruptionParseException(path, "'" + value + "' is not an EC2 instance id");
        }
        return value;
    }
}
