package dev.spotter.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Splits multi-document YAML into its documents (1-based index); empty documents are skipped. */
public final class YamlDocuments {
    /** Aliases one document may use: enough for shared anchors, far too few for an alias bomb. */
    public static final int MAX_ALIASES = 20;
    /** How deep collections may nest; NodePools and manifests need a dozen levels. */
    public static final int MAX_NESTING_DEPTH = 40;
    /** The largest input read, in code points (1 MiB of text: hundreds of NodePools). */
    public static final int MAX_CODE_POINTS = 1 << 20;

    private static final ObjectReader READER = YAMLMapper.builder(YAMLFactory.builder()
                    .loaderOptions(loaderOptions())
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build()
            .readerFor(JsonNode.class);

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        return options;
    }

    private YamlDocuments() {
    }

    /** One document: its position in the stream (1-based, counting empty ones) and its tree. */
    public record Document(int index, JsonNode tree) {
        /** How to name this document's object before its kind and name are known. */
        public String label() {
            return "document " + index;
        }
    }

    /**
     * @throws ConfigException naming the source and document when the YAML is malformed or over a limit (aliases,
     *                         nesting depth, size)
     */
    public static List<Document> read(String sourceName, String yaml) {
        if (yaml.length() > MAX_CODE_POINTS) {
            throw new ConfigException(sourceName, "document 1", "", "YAML of " + yaml.length()
                    + " characters is over the limit of " + MAX_CODE_POINTS);
        }
        List<Document> documents = new ArrayList<>();
        int current = 1;
        try (MappingIterator<JsonNode> iterator = READER.readValues(yaml)) {
            for (; iterator.hasNextValue(); current++) {
                JsonNode tree = iterator.nextValue();
                // an empty document (a trailing "---") reads as an empty string through the limited YAMLFactory
                if (tree != null && !tree.isNull() && !tree.isMissingNode() && !(tree.isTextual() && tree.textValue().isEmpty())) {
                    documents.add(new Document(current, tree));
                }
            }
        } catch (JsonProcessingException e) {
            throw syntaxError(sourceName, current, e);
        } catch (IOException | RuntimeException e) {
            if (e.getCause() instanceof JsonProcessingException json) {
                throw syntaxError(sourceName, current, json);
            }
            throw new ConfigException(sourceName, "document " + current, "", "cannot read YAML: " + e.getMessage());
        }
        return documents;
    }

    private static ConfigException syntaxError(String sourceName, int document, JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
        return new ConfigException(sourceName, "document " + document, "", where + "YAML syntax error: " + summary(e.getOriginalMessage()));
    }

    /** SnakeYAML's message without its source excerpt and caret lines: "while parsing ...; expected ..., but got ...". */
    private static String summary(String message) {
        return message.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .reduce((a, b) -> a + "; " + b)
                .orElse(message);
    }
}
