package dev.spotter.cli;

import dev.spotter.bench.BenchCommand;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The {@code spotter} command line: {@code spotter <command> [options]}. Commands are the built-ins below plus any
 * {@link Command} another module registers with {@link ServiceLoader}; a built-in wins a name clash.
 */
public final class SpotterCli {
    private final Map<String, Command> commands = new LinkedHashMap<>();

    SpotterCli(List<Command> available) {
        for (Command command : available) {
            commands.putIfAbsent(command.name(), command);
        }
    }

    /** The built-in commands and those found on the class path. */
    public static SpotterCli withDiscoveredCommands() {
        List<Command> available = new ArrayList<>(List.of(new PlanCommand(), new SimulateCommand(), new DisruptCommand(),
                new BenchCommand()));
        ServiceLoader.load(Command.class, SpotterCli.class.getClassLoader()).forEach(available::add);
        return new SpotterCli(available);
    }

    public static void main(String[] args) {
        int code = withDiscoveredCommands().run(Arrays.asList(args), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line and returns the exit code. */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            usage(err);
            return Command.INVALID_INPUT;
        }
        String name = args.get(0);
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            usage(out);
            return Command.OK;
        }
        Command command = commands.get(name);
        if (command == null) {
            err.println("spotter: unknown command '" + name + "'");
            usage(err);
            return Command.INVALID_INPUT;
        }
        try {
            return command.run(args.subList(1, args.size()), out, err);
        } catch (RuntimeException e) {
            // commands report bad input themselves (exit 2); what escapes is a defect, shown in full to be reported
            err.println("spotter " + name + ": internal error: " + e);
            e.printStackTrace(err);
            return Command.FAILED;
        }
    }

    private void usage(PrintStream stream) {
        stream.println("usage: spotter <command> [options]");
        stream.println();
        stream.println("commands:");
        int width = commands.keySet().stream().mapToInt(String::length).max().orElse(4);
        commands.values().forEach(c -> stream.printf("  %-" + width + "s  %s%n", c.name(), c.help()));
        stream.println();
        stream.println("Run 'spotter <command> --help' for a command's options.");
    }
}
