package dev.spotter.cli;

import dev.spotter.config.ConfigException;
import dev.spotter.config.ConfigLoader;
import dev.spotter.config.Durations;
import dev.spotter.config.SpotterConfig;
import dev.spotter.sim.AlibabaWorkload;
import dev.spotter.sim.BootDelays;
import dev.spotter.sim.ReportHtml;
import dev.spotter.sim.SimulationReport;
import dev.spotter.sim.SimulationSettings;
import dev.spotter.sim.Simulator;
import dev.spotter.sim.Workload;
import dev.spotter.sim.YamlWorkload;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code spotter simulate}: runs Spotter's control plane, the Karpenter-style one and a static on-demand group over a
 * workload in virtual time, prints a table and writes report.json and report.html into the output directory.
 */
public final class SimulateCommand implements Command {
    private static final List<Set<String>> VALUED = List.of(Set.of("--config"), Set.of("--workload"), Set.of("--duration"),
            Set.of("--seed"), Set.of("--out"), Set.of("--interruption-scale"), Set.of("--storm"),
            Set.of("--offering-capacity"));
    private static final Set<String> FLAGS = Set.of("-h", "--help", "--no-progress");

    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String help() {
        return "simulate the control plane over a workload: --config DIR|FILE --workload FILE [--duration 24h] [--seed N] [--out DIR]";
    }

    static String usage() {
        return """
                usage: spotter simulate --config DIR|FILE --workload FILE [options]

                Runs Spotter's control plane (its real provisioning pass, interruption handling and tick) in virtual
                time over in-memory EC2 and Kubernetes, next to a Karpenter-style control plane and a static on-demand
                node group, with the same seed and workload; prints a table and writes report.json and report.html.

                  --config DIR|FILE          NodePools and EC2NodeClasses (Karpenter v1 YAML)
                  --workload FILE            an Alibaba openb_pod_list_*.csv trace, or a YAML workload (docs/simulate.md)
                  --duration 24h             virtual time to simulate (default 24h)
                  --seed N                   seed of every random draw (default 1)
                  --out DIR                  where report.json and report.html go (default simulation-report)
                  --interruption-scale X     multiplies every type's Spot Advisor interruption rate (default 1)
                  --storm AT:FRACTION        at AT (e.g. 6h) interrupt FRACTION (e.g. 0.5) of the spot fleet within a minute
                  --offering-capacity N      give each offering a seeded capacity of N/2..3N/2 instances (default unlimited)
                  --no-progress              no progress bar on stderr
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        SimulationSettings settings;
        Path outDir;
        boolean progress;
        try {
            Arguments arguments = Arguments.parse(args, VALUED, FLAGS);
            if (arguments.flag("-h") || arguments.flag("--help")) {
                out.print(usage());
                return OK;
            }
            SpotterConfig config = config(required(arguments, "--config"));
            Workload workload = workload(required(arguments, "--workload"));
            Duration duration = duration("--duration", arguments.single("--duration", "24h"));
            if (duration.isZero()) {
                throw new UsageException("option --duration must be more than 0s");
            }
            long seed = number("--seed", arguments.single("--seed", "1"));
            double scale = decimal("--interruption-scale", arguments.single("--interruption-scale", "1"));
            if (scale < 0) {
                throw new UsageException("option --interruption-scale must be 0 or more, got " + scale);
            }
            Optional<SimulationSettings.Storm> storm = Optional.ofNullable(arguments.single("--storm", null)).map(SimulateCommand::storm);
            Optional<Integer> capacity = Optional.ofNullable(arguments.single("--offering-capacity", null)).map(text -> {
                long value = number("--offering-capacity", text);
                if (value < 1 || value > 1_000_000) {
                    throw new UsageException("option --offering-capacity must be between 1 and 1000000, got " + text);
                }
                return (int) value;
            });
            outDir = Path.of(arguments.single("--out", "simulation-report"));
            progress = !arguments.flag("--no-progress");
            settings = new SimulationSettings(config, workload, duration, seed, scale, capacity, BootDelays.DEFAULT, storm, Map.of());
        } catch (UsageException | ConfigException | IllegalArgumentException | UncheckedIOException e) {
            err.println("spotter simulate: " + e.getMessage());
            return INVALID_INPUT;
        }
        SimulationReport report = Simulator.run(settings, progress ? err : null);
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            err.println("spotter simulate: cannot create " + outDir + ": " + e.getMessage());
            return FAILED;
        }
        Path json = outDir.resolve("report.json");
        Path html = outDir.resolve("report.html");
        report.writeJson(json);
        ReportHtml.write(report, html);
        out.print(report.table());
        out.printf("%d events in %.1f s (%,.0f events/s); %.1f h simulated%n", report.events(), report.wallSeconds(),
                report.wallSeconds() > 0 ? report.events() / report.wallSeconds() : 0.0, report.simulatedSeconds() / 3600);
        out.println("report: " + html.toAbsolutePath() + " (and report.json next to it)");
        out.flush();
        return OK;
    }

    private static String required(Arguments arguments, String option) {
        String value = arguments.single(option, null);
        if (value == null) {
            throw new UsageException("option " + option + " is required\n" + usage());
        }
        return value;
    }

    private static SpotterConfig config(String name) {
        Path path = Path.of(name);
        if (Files.isDirectory(path)) {
            return ConfigLoader.loadDirectory(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new UsageException(name + ": no such file or directory");
        }
        try {
            SpotterConfig config = ConfigLoader.parse(name, Files.readString(path, StandardCharsets.UTF_8));
            if (config.nodePools().isEmpty()) {
                throw new UsageException(name + ": holds no NodePool");
            }
            return config;
        } catch (IOException e) {
            throw new UsageException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Workload workload(String name) {
        Path path = Path.of(name);
        if (!Files.isRegularFile(path)) {
            throw new UsageException(name + ": no such file");
        }
        String file = path.getFileName().toString();
        if (file.endsWith(".csv")) {
            return AlibabaWorkload.read(path);
        }
        if (file.endsWith(".yaml") || file.endsWith(".yml")) {
            return YamlWorkload.read(path);
        }
        throw new UsageException(name + ": a workload is an Alibaba trace (.csv) or a YAML workload (.yaml, .yml)");
    }

    private static SimulationSettings.Storm storm(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new UsageException("option --storm must be AT:FRACTION (e.g. 6h:0.5), got '" + text + "'");
        }
        return new SimulationSettings.Storm(duration("--storm", text.substring(0, colon)),
                decimal("--storm", text.substring(colon + 1)));
    }

    private static Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("option " + option + ": " + e.getMessage(), e);
        }
    }

    private static long number(String option, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option " + option + " must be an integer, got '" + text + "'", e);
        }
    }

    private static double decimal(String option, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option " + option + " must be a number, got '" + text + "'", e);
        }
    }
}
