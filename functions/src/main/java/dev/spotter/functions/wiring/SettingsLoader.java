package dev.spotter.functions.wiring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.config.ConfigLoader;
import dev.spotter.config.SpotterConfig;
import dev.spotter.functions.runtime.Environment;
import dev.spotter.interruption.RebalanceMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Reads the functions' settings. In Lambda the deployment stores one configuration object in an SSM parameter
 * (SPOTTER_CONFIG_PARAMETER): {"clusterName", "dryRun", "rebalance", "nodePoolsYaml"}. Locally a YAML file
 * (SPOTTER_CONFIG_FILE) or inline YAML (SPOTTER_CONFIG_YAML) stands in for it. SPOTTER_CLUSTER_NAME,
 * SPOTTER_DRY_RUN and SPOTTER_REBALANCE override what the object says.
 */
public final class SettingsLoader {
    public static final String CONFIG_PARAMETER = "SPOTTER_CONFIG_PARAMETER";
    public static final String CONFIG_FILE = "SPOTTER_CONFIG_FILE";
    public static final String CONFIG_YAML = "SPOTTER_CONFIG_YAML";
    public static final String CLUSTER_NAME = "SPOTTER_CLUSTER_NAME";
    public static final String DRY_RUN = "SPOTTER_DRY_RUN";
    public static final String REBALANCE = "SPOTTER_REBALANCE";

    private final Environment env;
    private final ObjectMapper mapper;
    private final Function<String, String> parameterReader;

    /** @param parameterReader reads an SSM parameter's value by name (decrypted) */
    public SettingsLoader(Environment env, ObjectMapper mapper, Function<String, String> parameterReader) {
        this.env = env;
        this.mapper = mapper;
        this.parameterReader = parameterReader;
    }

    public SpotterSettings load() {
        String parameter = env.optional(CONFIG_PARAMETER, "");
        if (!parameter.isEmpty()) {
            return fromObject("ssm:" + parameter, readParameter(parameter));
        }
        String file = env.optional(CONFIG_FILE, "");
        String yaml = file.isEmpty() ? env.optional(CONFIG_YAML, "") : read(Path.of(file));
        if (yaml.isBlank()) {
            throw new IllegalStateException(file.isEmpty()
                    ? "no configuration: set " + CONFIG_PARAMETER + ", " + CONFIG_FILE + " or " + CONFIG_YAML
                    : "configuration file " + file + " (" + CONFIG_FILE + ") is empty");
        }
        SpotterConfig config = ConfigLoader.parse(file.isEmpty() ? CONFIG_YAML : file, yaml);
        return new SpotterSettings(env.required(CLUSTER_NAME), config,
                bool(DRY_RUN, env.optional(DRY_RUN, "false")),
                rebalance(REBALANCE, env.optional(REBALANCE, "replace")));
    }

    private String readParameter(String name) {
        String value;
        try {
            value = parameterReader.apply(name);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read the configuration parameter " + name + " (" + CONFIG_PARAMETER
                    + ") from SSM: " + e.getMessage(), e);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the configuration parameter " + name + " (" + CONFIG_PARAMETER + ") is empty");
        }
        return value;
    }

    private SpotterSettings fromObject(String source, String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": the configuration object is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": the configuration must be a JSON object "
                    + "{\"clusterName\", \"dryRun\", \"rebalance\", \"nodePoolsYaml\"}, not " + describe(root));
        }
        JsonNode yaml = root.get("nodePoolsYaml");
        if (yaml == null || yaml.isNull()) {
            throw new IllegalArgumentException(source + ": the configuration object has no 'nodePoolsYaml'");
        }
        if (!yaml.isTextual() || yaml.asText().isBlank()) {
            throw new IllegalArgumentException(source + ": 'nodePoolsYaml' must be the NodePool and EC2NodeClass YAML "
                    + "as one non-empty string, not " + describe(yaml));
        }
        SpotterConfig config = ConfigLoader.parse(source, yaml.asText());
        String cluster = env.optional(CLUSTER_NAME, text(source, root, "clusterName", ""));
        if (cluster.isEmpty()) {
            throw new IllegalArgumentException(source + ": no cluster name ('clusterName' or " + CLUSTER_NAME + ")");
        }
        String dryRun = env.optional(DRY_RUN, "");
        String rebalance = env.optional(REBALANCE, "");
        return new SpotterSettings(cluster, config,
                dryRun.isEmpty() ? bool(source + ": 'dryRun'", text(source, root, "dryRun", "false")) : bool(DRY_RUN, dryRun),
                rebalance.isEmpty() ? rebalance(source + ": 'rebalance'", text(source, root, "rebalance", "replace"))
                        : rebalance(REBALANCE, rebalance));
    }

    /** A scalar field as text; an object or array where a value belongs is an error naming the field. */
    private static String text(String source, JsonNode root, String field, String fallback) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException(source + ": '" + field + "' must be a single value, not " + describe(value));
        }
        return value.asText();
    }

    /** true or false, any case; "yes" or "1" are refused rather than read as false. */
    private static boolean bool(String where, String value) {
        String trimmed = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (!trimmed.equals("true") && !trimmed.equals("false")) {
            throw new IllegalArgumentException(where + "='" + value + "' is not true or false");
        }
        return Boolean.parseBoolean(trimmed);
    }

    private static RebalanceMode rebalance(String where, String value) {
        try {
            return RebalanceMode.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static String describe(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                + (node.isValueNode() ? " " + node : "");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file + " (" + CONFIG_FILE + "): " + e, e);
        }
    }
}
