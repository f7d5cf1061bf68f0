package dev.spotter.adapters.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds SDK model objects from JSON in the shape the AWS CLI prints (member names in PascalCase), walking the
 * model's own field descriptions, so test fixtures can be real API answers.
 */
final class SdkJson {
    private SdkJson() {
    }

    @SuppressWarnings("unchecked")
    static <T> T read(JsonNode json, Supplier<? extends SdkPojo> builder) {
        SdkPojo target = builder.get();
        for (SdkField<?> field : target.sdkFields()) {
            JsonNode value = json.get(field.memberName());
            if (value != null && !value.isNull()) {
                field.set(target, convert(field, value));
            }
        }
        return (T) ((software.amazon.awssdk.utils.builder.Buildable) target).build();
    }

    private static Object convert(SdkField<?> field, JsonNode value) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.STRING) {
            return value.asText();
        } else if (type == MarshallingType.INTEGER) {
            return value.asInt();
        } else if (type == MarshallingType.LONG) {
            return value.asLong();
        } else if (type == MarshallingType.DOUBLE) {
            return value.asDouble();
        } else if (type == MarshallingType.FLOAT) {
            return (float) value.asDouble();
        } else if (type == MarshallingType.BOOLEAN) {
            return value.asBoolean();
        } else if (type == MarshallingType.INSTANT) {
            return Instant.parse(value.asText());
        } else if (type == MarshallingType.SDK_POJO) {
            return read(value, field.constructor());
        } else if (type == MarshallingType.LIST) {
            SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
            List<Object> list = new ArrayList<>();
            value.forEach(item -> list.add(convert(member, item)));
            return list;
        }
        return null;
    }
}
