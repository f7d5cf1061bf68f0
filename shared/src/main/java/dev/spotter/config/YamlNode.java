package dev.spotter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node of a parsed YAML document, with where it is (source, object, field path), so that every read can fail or
 * warn with a message naming all three. Absent and null fields read alike. Scalars are read as Kubernetes reads them:
 * a string field accepts any scalar's text (YAML may have typed {@code 1.20} as a number), numeric fields accept
 * only integers.
 */
public final class YamlNode {
    private final JsonNode node;
    private final String source;
    private final String object;
    private final String path;
    private final List<ConfigWarning> warnings;

    private YamlNode(JsonNode node, String source, String object, String path, List<ConfigWarning> warnings) {
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
        this.source = source;
        this.object = object;
        this.path = path;
        this.warnings = warnings;
    }

    /** The root of a document; {@code warnings} collects what reads of this tree tolerate. */
    public static YamlNode root(JsonNode node, String source, String object, List<ConfigWarning> warnings) {
        return new YamlNode(node, source, object, "", warnings);
    }

    /** The same tree, reported under another object name (once metadata.name is known). */
    public YamlNode renamed(String newObject) {
        return new YamlNode(node, source, newObject, path, warnings);
    }

    public String source() {
        return source;
    }

    public String object() {
        return object;
    }

    public String path() {
        return path;
    }

    public JsonNode raw() {
        return node;
    }

    public boolean isMissing() {
        return node.isMissingNode();
    }

    public boolean has(String field) {
        return !get(field).isMissing();
    }

    public YamlNode get(String field) {
        if (!node.isMissingNode() && !node.isObject()) {
            throw error("expected a mapping, got " + describe(node));
        }
        return new YamlNode(node.get(field), source, object, childPath(field), warnings);
    }

    /** Fields this object may have; any other is reported as a warning and otherwise ignored. */
    public YamlNode allowOnly(String... fields) {
        if (!node.isObject()) {
            return this;
        }
        Set<String> known = new LinkedHashSet<>(Arrays.asList(fields));
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                warn(childPath(name), "unknown field, ignored");
            }
        }
        return this;
    }

    public String string(String field) {
        YamlNode child = get(field);
        if (child.isMissing()) {
            throw child.error("is required");
        }
        return child.text();
    }

    public String string(String field, String defaultValue) {
        YamlNode child = get(field);
        return child.isMissing() ? defaultValue : child.text();
    }

    /** This node's scalar text. */
    public String text() {
        if (!node.isValueNode()) {
            throw error("expected a string, got " + describe(node));
        }
        return node.asText();
    }

    /** An integer field, or {@code defaultValue} when absent. */
    public Integer integer(String field, Integer defaultValue) {
        YamlNode child = get(field);
        if (child.isMissing()) {
            return defaultValue;
        }
        JsonNode value = child.node;
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isTextual()) {
            try {
                return Integer.parseInt(value.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw child.error("expected an integer, got " + describe(value));
    }

    /** A boolean field, or {@code defaultValue} when absent. */
    public Boolean bool(String field, Boolean defaultValue) {
        YamlNode child = get(field);
        if (child.isMissing()) {
            return defaultValue;
        }
        if (child.node.isBoolean()) {
            return child.node.booleanValue();
        }
        if (child.node.isTextual() && (child.node.asText().equals("true") || child.node.asText().equals("false"))) {
            return Boolean.parseBoolean(child.node.asText());
        }
        throw child.error("expected true or false, got " + describe(child.node));
    }

    /** The elements of a list field (empty when absent), each knowing its index in the path. */
    public List<YamlNode> list(String field) {
        YamlNode child = get(field);
        if (child.isMissing()) {
            return List.of();
        }
        if (!child.node.isArray()) {
            throw child.error("expected a list, got " + describe(child.node));
        }
        List<YamlNode> items = new ArrayList<>();
        for (int i = 0; i < child.node.size(); i++) {
            items.add(new YamlNode(child.node.get(i), source, object, child.path + "[" + i + "]", warnings));
        }
        return items;
    }

    public List<String> stringList(String field) {
        List<String> values = new ArrayList<>();
        for (YamlNode item : list(field)) {
            if (item.isMissing()) {
                throw item.error("null is not allowed in this list");
            }
            values.add(item.text());
        }
        return values;
    }

    /** A map of string to string (labels, annotations, tags, resource lists), in document order; empty when absent. */
    public Map<String, String> stringMap(String field) {
        YamlNode child = get(field);
        if (child.isMissing()) {
            return Map.of();
        }
        if (!child.node.isObject()) {
            throw child.error("expected a mapping, got " + describe(child.node));
        }
        Map<String, String> map = new LinkedHashMap<>();
        child.node.fields().forEachRemaining(entry -> {
            YamlNode value = child.get(entry.getKey());
            map.put(entry.getKey(), value.isMissing() ? "" : value.text());
        });
        return map;
    }

    /** The keys of a mapping field, each as a node (for maps whose values are objects). */
    public Map<String, YamlNode> entries(String field) {
        YamlNode child = get(field);
        if (child.isMissing()) {
            return Map.of();
        }
        if (!child.node.isObject()) {
            throw child.error("expected a mapping, got " + describe(child.node));
        }
        Map<String, YamlNode> map = new LinkedHashMap<>();
        child.node.fieldNames().forEachRemaining(name -> map.put(name, child.get(name)));
        return map;
    }

    /** The path of a child field, for messages about values read from a map. */
    public String childPath(String field) {
        boolean plain = field.matches("[A-Za-z0-9_-]+");
        if (path.isEmpty()) {
            return plain ? field : "[" + field + "]";
        }
        return plain ? path + "." + field : path + "[" + field + "]";
    }

    public ConfigException error(String problem) {
        return new ConfigException(source, object, path, problem);
    }

    public ConfigException error(String field, String problem) {
        return new ConfigException(source, object, childPath(field), problem);
    }

    public void warn(String problem) {
        warn(path, problem);
    }

    private void warn(String fieldPath, String problem) {
        warnings.add(new ConfigWarning(source, object, fieldPath, problem));
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return "'" + value.asText() + "'";
    }
}
