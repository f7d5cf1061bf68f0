package dev.spotter.functions.wiring;

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
            return fromObject("ssm:" + parameter, parameterReader.apply(parameter));
        }
        String file = env.optional(CONFIG_FILE, "");
        String yaml = file.isEmpty() ? env.optional(CONFIG_YAML, "") : read(Path.of(file));
        if (yaml.isEmpty()) {
            throw new IllegalStateException("no configuration: set " + CONFIG_PARAMETER + ", " + CONFIG_FILE + " or " + CONFIG_YAML);
        }
        SpotterConfig config = ConfigLoader.parse(file.isEmpty() ? CONFIG_YAML : file, yaml);
        return new SpotterSettings(env.required("SPOTTER_CLUSTER_NAME"), config,
                Boolean.parseBoolean(env.optional("SPOTTER_DRY_RUN", "false")),
                RebalanceMode.fromString(env.optional("SPOTTER_REBALANCE", "replace")));
    }

    private SpotterSettings fromObject(String source, String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": the configuration object is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.hasNonNull("nodePoolsYaml")) {
            throw new IllegalArgumentException(source + ": the configuration object has no 'nodePoolsYaml'");
        }
        SpotterConfig config = ConfigLoader.parse(source, root.get("nodePoolsYaml").asText());
        String cluster = env.optional("SPOTTER_CLUSTER_NAME", root.path("clusterName").asText(""));
        if (cluster.isEmpty()) {
            throw new IllegalArgumentException(source + ": no cluster name ('clusterName' or SPOTTER_CLUSTER_NAME)");
        }
        boolean dryRun = Boolean.parseBoolean(env.optional("SPOTTER_DRY_RUN", root.path("dryRun").asText("false")));
        RebalanceMode rebalance = RebalanceMode.fromString(env.optional("SPOTTER_REBALANCE", root.path("rebalance").asText("replace")));
        return new SpotterSettings(cluster, config, dryRun, rebalance);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
    }
}
