package dev.spotter.interruption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Loads the sample payloads from the repository's {@code events/} folder, the single source of every fixture.
 * Found from the system property {@code spotter.events.dir} if set, else by walking up from the working directory
 * (Maven runs each module's tests in the module's folder).
 */
public final class EventFixtures {
    private static final Path ROOT = locate();

    private EventFixtures() {
    }

    public static Path root() {
        return ROOT;
    }

    /** The text of {@code events/<relative>}, e.g. {@code eventbridge/spot-interruption.json}. */
    public static String read(String relative) {
        Path file = ROOT.resolve(relative);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file, e);
        }
    }

    private static Path locate() {
        String configured = System.getProperty("spotter.events.dir");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("events").resolve("eventbridge"))) {
                return dir.resolve("events");
            }
        }
        throw new IllegalStateException("no events/eventbridge folder above " + Paths.get("").toAbsolutePath()
                + "; set -Dspotter.events.dir");
    }
}
