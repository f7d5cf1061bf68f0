package dev.spotter.local;

import dev.spotter.cli.UsageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an environment file as a shell would source it, for the simple forms such files use: {@code NAME=value},
 * {@code export NAME=value}, values in single or double quotes, blank lines and {@code #} comments. Nothing is
 * expanded ({@code $HOME} stays as written), so the same file can be sourced or given to {@code --env}.
 */
final class EnvFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvFile() {
    }

    static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read environment file " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), lines);
    }

    static Map<String, String> parse(String source, List<String> lines) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int equals = line.indexOf('=');
            String name = equals < 0 ? line : line.substring(0, equals);
            if (equals < 0 || !NAME.matcher(name).matches()) {
                throw new UsageException(source + ":" + (i + 1) + ": expected NAME=value, got '" + lines.get(i).strip() + "'");
            }
            variables.put(name, unquote(source, i + 1, line.substring(equals + 1).strip()));
        }
        return variables;
    }

    private static String unquote(String source, int lineNumber, String value) {
        if (value.startsWith("\"") || value.startsWith("'")) {
            char quote = value.charAt(0);
            if (value.length() < 2 || value.charAt(value.length() - 1) != quote) {
                throw new UsageException(source + ":" + lineNumber + ": unterminated " + quote + " quote");
            }
            return value.substring(1, value.length() - 1);
        }
        int comment = value.indexOf(" #");
        return comment < 0 ? value : value.substring(0, comment).strip();
    }
}
