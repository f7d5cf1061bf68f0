package dev.spotter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.spotter.config.ConfigException;
import dev.spotter.config.ConfigLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    private static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());

    private final String yaml;
    private final Set<String> nodeRoleNames;

    private NodePoolConfiguration(String yaml, Set<String> nodeRoleNames) {
        this.yaml = yaml;
        this.nodeRoleNames = Set.copyOf(nodeRoleNames);
    }

    /**
     * Reads every {@code *.yaml} / {@code *.yml} file of {@code directory} (sorted by name).
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
        validate(directory, files);
        return new NodePoolConfiguration(joined(files), nodeRoles(files));
    }

    /** All documents of all files, one YAML stream. */
    public String yaml() {
        return yaml;
    }

    /** The {@code spec.role} of every EC2NodeClass: the roles Spotter must be allowed to pass to EC2. */
    public Set<String> nodeRoleNames() {
        return nodeRoleNames;
    }

    private static Map<String, String> substitutedFiles(Path directory, Map<String, String> variables) {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(directory)) {
            List<Path> yamlFiles = entries
                    .filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
            for (Path file : yamlFiles) {
                files.put(file.getFileName().toString(), substitute(Files.readString(file, StandardCharsets.UTF_8),
                        variables));
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

    /**
     * ConfigLoader reads files, so the substituted text is written to a scratch directory with the same file names;
     * the error message is given back with the user's directory in place of the scratch one.
     */
    private static void validate(Path directory, Map<String, String> files) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("spotter-config-");
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(scratch.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
            ConfigLoader.loadDirectory(scratch);
        } catch (ConfigException e) {
            String message = String.valueOf(e.getMessage())
                    .replace(scratch.toAbsolutePath().toString(), directory.toAbsolutePath().toString())
                    .replace(scratch.toString(), directory.toString());
            throw new InvalidConfigurationException("invalid Spotter configuration in " + directory + ": " + message,
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage configuration for validation", e);
        } finally {
            deleteQuietly(scratch);
        }
    }

    private static String joined(Map<String, String> files) {
        StringBuilder yaml = new StringBuilder();
        for (Map.Entry<String, String> file : files.entrySet()) {
            yaml.append("# ").append(file.getKey()).append('\n');
            yaml.append("---\n");
            yaml.append(file.getValue().strip()).append('\n');
        }
        return yaml.toString();
    }

    private static Set<String> nodeRoles(Map<String, String> files) {
        Set<String> roles = new TreeSet<>();
        for (String text : files.values()) {
            for (JsonNode document : documents(text)) {
                if ("EC2NodeClass".equals(document.path("kind").asText())) {
                    String role = document.path("spec").path("role").asText("");
                    if (!role.isBlank()) {
                        roles.add(role);
                    }
                }
            }
        }
        return roles;
    }

    private static List<JsonNode> documents(String text) {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(text)) {
            var iterator = YAML.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode node = iterator.next();
                if (node != null && node.isObject()) {
                    documents.add(node);
                }
            }
        } catch (IOException e) {
            // Already validated by ConfigLoader: unreachable unless the two parsers disagree.
            throw new InvalidConfigurationException("cannot parse validated configuration: " + e.getMessage(), e);
        }
        return documents;
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> entries = Files.walk(directory)) {
            entries.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover scratch directory in the temp folder is harmless
        }
    }
}
