package dev.spotter.local;

import dev.spotter.cli.UsageException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The command line of {@code spotter invoke}: one function name, then {@code --name value}, {@code --name=value} or
 * flags. Unknown options are errors, so a typo is reported rather than ignored.
 */
record InvokeOptions(String function, String event, Path envFile, boolean dryRun, Path mockCluster, Duration timeout,
                     boolean help) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Set<String> VALUED = Set.of("--event", "--env", "--mock-cluster", "--timeout");

    static InvokeOptions parse(List<String> args) {
        String function = null;
        String event = null;
        Path envFile = null;
        Path mockCluster = null;
        Duration timeout = DEFAULT_TIMEOUT;
        boolean dryRun = false;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (VALUED.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("option " + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                switch (name) {
                    case "--event" -> event = once(name, event, value);
                    case "--env" -> envFile = Path.of(once(name, envFile, value));
                    case "--mock-cluster" -> mockCluster = Path.of(once(name, mockCluster, value));
                    default -> timeout = seconds(value);
                }
            } else if (arg.equals("--dry-run")) {
                dryRun = true;
            } else if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
            } else if (arg.startsWith("-")) {
                throw new UsageException("unknown option " + arg);
            } else if (function == null) {
                function = arg;
            } else {
                throw new UsageException("unexpected argument '" + arg + "' (one function at a time)");
            }
        }
        if (!help && function == null) {
            throw new UsageException("which function? webhook, provisioner, interruption or tick");
        }
        if (!help && event == null) {
            throw new UsageException("--event FILE is required (a JSON file or a sample, see --help)");
        }
        return new InvokeOptions(function, event, envFile, dryRun, mockCluster, timeout, help);
    }

    private static <T> String once(String option, T previous, String value) {
        if (previous != null) {
            throw new UsageException("option " + option + " given twice");
        }
        if (value.isBlank()) {
            throw new UsageException("option " + option + " needs a value");
        }
        return value;
    }

    private static Duration seconds(String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds < 1 || seconds > 900) {
                throw new UsageException("--timeout must be 1..900 seconds (Lambda's range), was " + seconds);
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new UsageException("--timeout needs a number of seconds, was '" + value + "'", e);
        }
    }
}
