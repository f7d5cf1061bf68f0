package dev.spotter.infra;

import dev.spotter.config.ConfigException;
import dev.spotter.config.ConfigLoader;
import dev.spotter.config.NodeClass;
import dev.spotter.config.SpotterConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The NodePool and EC2NodeClass YAML of a configuration directory, read at synth: variables substituted, validated by
 * the same {@link ConfigLoader} the functions use (so a broken file fails {@code cdk synth}, naming file, object and
 * field), and joined into the one YAML stream the functions read from the configuration parameter.
 *
 * <p>Karpenter's getting-started YAML is written for {@code envsubst}; the same {@code ${CLUSTER_NAME}} works here, plus
 * {@code ${SPOTTER_NODE_ROLE_NAME}} for the node role this deployment creates. Other {@code ${...}} are left as
 * written.
 */
public final class NodePoolConfiguration {

    public static final String CLUSTER_NAME_VARIABLE = "CLUSTER_NAME";
    public static final String NODE_ROLE_VARIABLE = "SPOTTER_NODE_ROLE_NAME";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final String yaml;
    private final SpotterConfig config;

    private NodePoolConfiguration(String yaml, SpotterConfig config) {
        this.yaml = yaml;
        this.config = config;
    }

    /**
     * Reads every {@code *.yaml} / {@code *.yml} file of {@code directory}, in file-name order (as
     * {@link ConfigLoader#loadDirectory} does).
     *
     * @throws InvalidConfigurationException naming the file, object and field that is wrong
     */
    public static NodePoolConfiguration load(Path directory, Map<String, String> variables) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidConfigurationException("configuration directory " + directory.toAbsolutePath()
                    + " does not exist (pass -c config=DIR)");
        }
        Map<String, String> files = substitutedFiles(directory, variables);
        if (files.isEmpty()) {
            throw new InvalidConfigurationException("configuration directory " + directory.toAbsolutePath()
                    + " has no *.yaml or *.yml file: it needs at least one NodePool and its EC2NodeClass");
        }
        SpotterConfig config;
        try {
            config = ConfigLoader.parse(files);
        } catch (ConfigException e) {
            throw new InvalidConfigurationException("invalid Spotter configuration: " + e.getMessage(), e);
        }
        if (config.nodePools().isEmpty()) {
            throw new InvalidConfigurationException("configuration directory " + directory
                    + " defines no NodePool (karpenter.sh/v1): Spotter would never launch a node");
        }
        return new NodePoolConfiguration(joined(files), config);
    }

    /** All documents of all files, one YAML stream, each file introduced by a comment with its name. */
    public String yaml() {
        return yaml;
    }

    public SpotterConfig config() {
        return config;
    }

    /** The {@code spec.role} of every EC2NodeClass: the roles Spotter must be allowed to pass to EC2. */
    public Set<String> nodeRoleNames() {
        Set<String> roles = new TreeSet<>();
        for (NodeClass nodeClass : config.nodeClasses()) {
            if (!nodeClass.role().isBlank()) {
                roles.add(nodeClass.role());
            }
        }
        return roles;
    }

    /** The {@code spec.instanceProfile} of EC2NodeClasses that name one instead of a role. */
    public Set<String> instanceProfileNames() {
        Set<String> profiles = new TreeSet<>();
        for (NodeClass nodeClass : config.nodeClasses()) {
            if (!nodeClass.instanceProfile().isBlank()) {
                profiles.add(nodeClass.instanceProfile());
            }
        }
        return profiles;
    }

    /** File path (as the user gave the directory, so errors name it) to substituted text. */
    private static Map<String, String> substitutedFiles(Path directory, Map<String, String> variables) {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(directory)) {
            List<Path> yamlFiles = entries
                    .filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
            for (Path file : yamlFiles) {
                files.put(file.toString(), substitute(Files.readString(file, StandardCharsets.UTF_8), variables));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration directory " + directory, e);
        }
        return files;
    }

    static String substitute(String text, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String joined(Map<String, String> files) {
        StringBuilder yaml = new StringBuilder();
        for (Map.Entry<String, String> file : files.entrySet()) {
            yaml.append("---\n");
            yaml.append("# ").append(Path.of(file.getKey()).getFileName()).append('\n');
            yaml.append(file.getValue().strip()).append('\n');
        }
        return yaml.toString();
    }
}
