package dev.spotter.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Options of one command, as {@code --name value}, {@code --name=value}, {@code -n value} or a bare {@code --flag}.
 * Which options take a value and which are flags is declared up front, so a typo is reported rather than guessed at.
 */
final class Arguments {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Arguments() {
    }

    /**
     * @param valued option names that take a value, each with its aliases: {"-f", "--file"}
     * @param flags option names that take none
     */
    static Arguments parse(List<String> args, List<Set<String>> valued, Set<String> flags) {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inline = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                inline = arg.substring(equals + 1);
            }
            String canonical = canonical(name, valued);
            if (canonical != null) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("option " + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                parsed.values.computeIfAbsent(canonical, k -> new ArrayList<>()).add(value);
            } else if (flags.contains(arg)) {
                parsed.values.computeIfAbsent(arg, k -> new ArrayList<>()).add("true");
            } else if (arg.startsWith("-")) {
                throw new UsageException("unknown option " + arg);
            } else {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
        }
        return parsed;
    }

    /** The longest alias names an option: "--file" for {"-f", "--file"}. */
    private static String canonical(String name, List<Set<String>> valued) {
        for (Set<String> aliases : valued) {
            if (aliases.contains(name)) {
                return aliases.stream().max((a, b) -> Integer.compare(a.length(), b.length())).orElseThrow();
            }
        }
        return null;
    }

    List<String> all(String option) {
        return Collections.unmodifiableList(values.getOrDefault(option, List.of()));
    }

    String single(String option, String fallback) {
        List<String> given = all(option);
        if (given.size() > 1) {
            throw new UsageException("option " + option + " given " + given.size() + " times");
        }
        return given.isEmpty() ? fallback : given.get(0);
    }

    /** The option's value, which must be one of {@code allowed}. */
    String choice(String option, String fallback, Set<String> allowed) {
        String value = single(option, fallback);
        if (!allowed.contains(value)) {
            throw new UsageException("option " + option + " must be one of " + new TreeSet<>(allowed) + ", got '" + value + "'");
        }
        return value;
    }

    boolean flag(String option) {
        return values.containsKey(option);
    }
}
