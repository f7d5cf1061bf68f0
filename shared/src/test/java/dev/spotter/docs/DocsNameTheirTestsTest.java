package dev.spotter.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Docs true at every commit (issue 9): a documented behaviour names the tests that show it on a "Tested by:" line,
 * and every test named there exists in some module's test sources. A renamed or deleted test fails this check
 * until the doc is corrected.
 */
class DocsNameTheirTestsTest {
    private static final Pattern TESTED_BY = Pattern.compile("Tested by:\\s*([^.]+)\\.");
    private static final Path ROOT = Path.of("..");

    @Test
    void everyTestNamedInDocsExists() throws IOException {
        Set<String> tests = testClasses();
        List<String> missing = new ArrayList<>();
        int named = 0;
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher matcher = TESTED_BY.matcher(Files.readString(doc));
                while (matcher.find()) {
                    for (String name : matcher.group(1).split("[,\\s]+")) {
                        if (name.isBlank() || name.equals("and")) {
                            continue;
                        }
                        named++;
                        if (!tests.contains(name.replace("`", ""))) {
                            missing.add(doc.getFileName() + ": " + name);
                        }
                    }
                }
            }
        }
        assertThat(missing).as("tests named on 'Tested by:' lines that do not exist").isEmpty();
        assertThat(named).as("docs name the tests of their behaviours").isGreaterThanOrEqualTo(15);
    }

    private static Set<String> testClasses() {
        try (Stream<Path> files = Files.walk(ROOT, 12)) {
            return files.filter(p -> p.toString().contains("/src/test/java/") && p.toString().endsWith(".java"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
                    .map(p -> p.getFileName().toString().replace(".java", ""))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
