package dev.spotter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Synthesises Spotter the way {@code cdk synth} does: an App with cdk.json's context (its feature flags) plus the
 * test's own context, through {@link SpotterApp#build}. The function artifacts are small stand-ins, so these tests do
 * not depend on the functions module having been packaged.
 */
final class Synth {

    static final ObjectMapper JSON = new ObjectMapper();

    private Synth() {
    }

    static App app(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(cdkJsonContext());
        all.put("functionsDir", fakeFunctionsDir().toString());
        all.putAll(context);
        return new App(AppProps.builder().context(all).analyticsReporting(false).build());
    }

    static SpotterStack stack(Map<String, Object> context) {
        return SpotterApp.build(app(context));
    }

    static Template template(Stack stack) {
        return Template.fromStack(stack);
    }

    /** The template as a Jackson tree, for checks across all resources. */
    static JsonNode json(Template template) {
        return JSON.valueToTree(template.toJSON());
    }

    static Map<String, Object> cdkJsonContext() {
        try {
            JsonNode context = JSON.readTree(Path.of("cdk.json").toFile()).path("context");
            Map<String, Object> values = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = context.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                values.put(entry.getKey(), JSON.treeToValue(entry.getValue(), Object.class));
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A directory with a small stand-in jar per function, named as the functions module names them. */
    static synchronized Path fakeFunctionsDir() {
        Path dir = Path.of("target", "test-fake-functions");
        for (Path jar : FunctionArtifacts.in(dir).byFunction().values()) {
            if (Files.exists(jar)) {
                continue;
            }
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
                zip.putNextEntry(new ZipEntry("README.txt"));
                zip.write(("stand-in for functions/target/" + jar.getFileName()).getBytes());
                zip.closeEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir.toAbsolutePath();
    }

    /** Writes files into a fresh configuration directory under target/. */
    static Path configDirectory(String name, Map<String, String> files) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-config", name));
            try (var old = Files.list(dir)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
