package dev.spotter.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * A subcommand of {@code spotter}. Built-ins are registered by {@link SpotterCli}; other modules add theirs through
 * {@code META-INF/services/dev.spotter.cli.Command}. {@link #run} returns the process exit code: 0 for success,
 * 2 for invalid input (with the reason on {@code err}), 1 for other failures.
 */
public interface Command {
    int OK = 0;
    int FAILED = 1;
    int INVALID_INPUT = 2;

    /** The word that selects the command ("plan"). */
    String name();

    /** One line for the usage text. */
    String help();

    int run(List<String> args, PrintStream out, PrintStream err);
}
