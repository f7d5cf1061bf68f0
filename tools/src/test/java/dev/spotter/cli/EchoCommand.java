package dev.spotter.cli;

import java.io.PrintStream;
import java.util.List;

/** A command registered through META-INF/services in the test class path, to prove ServiceLoader discovery. */
public final class EchoCommand implements Command {
    @Override
    public String name() {
        return "test-echo";
    }

    @Override
    public String help() {
        return "prints its arguments (tests only)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        out.println(String.join(" ", args));
        return OK;
    }
}
