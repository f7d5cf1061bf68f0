package dev.spotter.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Splits multi-document YAML into its documents (1-based index); empty documents are skipped. */
public final class YamlDocuments {
    private static final ObjectReader READER = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build()
            .readerFor(JsonNode.class);

    private YamlDocuments() {
    }

    /** One document: its position in the stream (1-based, counting empty ones) and its tree. */
    public record Document(int index, JsonNode tree) {
        /** How to name this document's object before its kind and name are known. */
        public String label() {
            return "document " + index;
        }
    }

    public static List<Document> read(String sourceName, String yaml) {
        List<Document> documents = new ArrayList<>();
        int current = 1;
        try (MappingIterator<JsonNode> iterator = READER.readValues(yaml)) {
            for (; iterator.hasNextValue(); current++) {
                JsonNode tree = iterator.nextValue();
                if (tree != null && !tree.isNull() && !tree.isMissingNode()) {
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
