package dev.spotter.local;

import dev.spotter.cli.UsageException;
import dev.spotter.functions.runtime.Samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the event an invocation runs on: a file, or one of the samples of {@code events/} that the jar ships under
 * {@code samples/} (so {@code --event sqs/spot-interruption.json} works from any directory).
 */
final class LocalSamples {
    private static final String ROOT = "samples/";

    private LocalSamples() {
    }

    /** An event's text and where it came from. */
    record EventText(String source, String json) {
    }

    static EventText resolve(String given) {
        Path file = Path.of(given);
        if (Files.isRegularFile(file)) {
            try {
                return new EventText(given, Files.readString(file, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                throw new UsageException("no event file " + given, e);
            } catch (IOException e) {
                throw new UsageException("cannot read event file " + given + ": " + e.getMessage(), e);
            }
        }
        String sample = given.replace('\\', '/').replaceFirst("^(\\./)?(events/)?", "");
        if (list().contains(sample)) {
            return new EventText("sample " + sample, Samples.read(sample));
        }
        throw new UsageException("no event file or sample named '" + given + "' (samples: spotter invoke --help)");
    }

    /** The shipped samples, by path under events/, sorted. */
    static List<String> list() {
        URL anchor = LocalSamples.class.getClassLoader().getResource(ROOT + Samples.PROVISIONING_SIGNAL);
        if (anchor == null) {
            return List.of();
        }
        try {
            List<String> names = switch (anchor.getProtocol()) {
                case "jar" -> fromJar(anchor);
                case "file" -> fromDirectory(Path.of(anchor.toURI()).getParent().getParent());
                default -> List.of();
            };
            return names.stream().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the samples next to " + anchor, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad sample URL " + anchor, e);
        }
    }

    private static List<String> fromJar(URL anchor) throws IOException {
        JarURLConnection connection = (JarURLConnection) anchor.openConnection();
        connection.setUseCaches(false);
        List<String> names = new ArrayList<>();
        try (JarFile jar = connection.getJarFile()) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.startsWith(ROOT) && name.endsWith(".json")) {
                    names.add(name.substring(ROOT.length()));
                }
            }
        }
        return names;
    }

    private static List<String> fromDirectory(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).toList();
        }
    }
}
