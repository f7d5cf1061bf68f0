package dev.spotter.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.cli.Command;
import dev.spotter.cli.TextTable;
import dev.spotter.scheduling.CostOptimizing;
import dev.spotter.scheduling.FirstFitDecreasing;
import dev.spotter.scheduling.PlacementStrategy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code spotter bench}: plans synthetic workloads ({@code --synthetic}) and/or pod traces ({@code --trace FILE}) and
 * prints one JSON object per case on stdout, then a table of the same figures.
 */
public final class BenchCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Integer> DEFAULT_PODS = List.of(1000, 5000, 10000, 20000);

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String help() {
        return "benchmark the planners: --synthetic [--pods 1000,5000], --disruption [--nodes 100,1000] and/or --trace FILE";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("spotter bench: " + e.getMessage());
            err.println(usage());
            return INVALID_INPUT;
        }
        if (options.help) {
            out.println(usage());
            return OK;
        }
        List<BenchResult> results = new ArrayList<>();
        try {
            if (options.synthetic) {
                SyntheticBenchmark.run(options.pods, options.strategies, options.runs, options.daemonSets, result -> {
                    printJson(out, result);
                    results.add(result);
                });
            }
            if (options.disruption) {
                DisruptionBenchmark.run(options.nodes, options.runs, options.rounds, result -> {
                    printJson(out, result);
                    results.add(result);
                });
            }
            for (Path trace : options.traces) {
                BenchResult.Trace result = TraceBenchmark.run(trace, options.runs, options.daemonSets, options.gpuSharing);
                printJson(out, result);
                results.add(result);
            }
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("spotter bench: " + e.getMessage());
            return INVALID_INPUT;
        }
        out.println();
        out.print(table(results));
        return OK;
    }

    private static void printJson(PrintStream out, BenchResult result) {
        try {
            out.println(JSON.writeValueAsString(result));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a benchmark result", e);
        }
    }

    static String table(List<BenchResult> results) {
        StringBuilder text = new StringBuilder();
        List<BenchResult.Synthetic> synthetic = results.stream()
                .filter(BenchResult.Synthetic.class::isInstance).map(BenchResult.Synthetic.class::cast).toList();
        List<BenchResult.Trace> traces = results.stream()
                .filter(BenchResult.Trace.class::isInstance).map(BenchResult.Trace.class::cast).toList();
        if (!synthetic.isEmpty()) {
            TextTable table = new TextTable("CASE", "STRATEGY", "DAEMONSETS", "PODS", "NODECLAIMS", "PODS/NODE", "UNSCHED", "$/HOUR",
                    "SECONDS", "THREAD CPU S", "PROCESS CPU S", "PODS/S");
            for (BenchResult.Synthetic r : synthetic) {
                table.row(r.benchCase(), r.strategy(), r.daemonSets(), Integer.toString(r.pods()), Integer.toString(r.nodeClaims()),
                        format("%.1f", r.podsPerNode()), Integer.toString(r.unschedulable()), format("%.2f", r.hourlyCost()),
                        format("%.3f", r.seconds()),
                        format("%.3f", r.cpuSeconds()), format("%.3f", r.processCpuSeconds()), format("%.0f", r.podsPerSecond()));
            }
            rightAlignFrom(table, 3, 12);
            text.append(table.render());
        }
        List<BenchResult.Disruption> disruption = results.stream()
                .filter(BenchResult.Disruption.class::isInstance).map(BenchResult.Disruption.class::cast).toList();
        if (!disruption.isEmpty()) {
            if (text.length() > 0) {
                text.append('\n');
            }
            TextTable table = new TextTable("CASE", "NODES", "PODS", "$/H BEFORE", "$/H SPOTTER", "$/H KARPENTER", "LOWER BOUND",
                    "DECISION S", "THREAD CPU S", "KARPENTER S", "DISRUPTED SPOTTER", "DISRUPTED KARPENTER", "ROUNDS S/K");
            for (BenchResult.Disruption r : disruption) {
                table.row(r.benchCase(), Integer.toString(r.nodes()), Integer.toString(r.pods()), format("%.2f", r.hourlyCostBefore()),
                        format("%.2f", r.hourlyCostAfterSpotter()), format("%.2f", r.hourlyCostAfterKarpenter()),
                        format("%.2f", r.lowerBound()), format("%.3f", r.seconds()), format("%.3f", r.cpuSeconds()),
                        format("%.3f", r.karpenterSeconds()), Integer.toString(r.nodesDisruptedSpotter()),
                        Integer.toString(r.nodesDisruptedKarpenter()), r.roundsSpotter() + "/" + r.roundsKarpenter());
            }
            rightAlignFrom(table, 1, 13);
            text.append(table.render());
        }
        if (!traces.isEmpty()) {
            if (text.length() > 0) {
                text.append('\n');
            }
            TextTable table = new TextTable("CASE", "DAEMONSETS", "PODS", "UNSCHED", "NODECLAIMS", "PODS/NODE", "$/HOUR", "FFD $/HOUR",
                    "FFD UNSCHED", "LOWER BOUND", "RATIO", "SPOT", "SECONDS", "THREAD CPU S");
            for (BenchResult.Trace r : traces) {
                table.row(r.benchCase(), r.daemonSets(), Integer.toString(r.pods()), Integer.toString(r.unschedulable()),
                        Integer.toString(r.nodeClaims()), format("%.1f", r.podsPerNode()), format("%.2f", r.hourlyCost()), format("%.2f", r.baselineHourlyCost()),
                        Integer.toString(r.baselineUnschedulable()), format("%.2f", r.lowerBound()), format("%.4f", r.ratioToBound()),
                        format("%.0f%%", 100 * r.spotShare()), format("%.3f", r.seconds()), format("%.3f", r.cpuSeconds()));
            }
            rightAlignFrom(table, 2, 14);
            text.append(table.render());
        }
        return text.toString();
    }

    private static void rightAlignFrom(TextTable table, int first, int columns) {
        for (int c = first; c < columns; c++) {
            table.alignRight(c);
        }
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }

    static String usage() {
        return String.join("\n",
                "usage: spotter bench [--synthetic [--pods N,N,...] [--strategy cost|ffd|both]] [--disruption [--nodes N,N,...] [--rounds N]]",
                "                     [--trace FILE ...] [--runs N] [--daemonsets SET]",
                "  --synthetic       Karpenter's benchmark shape: 400 fake instance types, five groups of pods",
                "  --pods LIST       pod counts for --synthetic (default 1000,5000,10000,20000)",
                "  --strategy NAME   strategies for --synthetic: cost, ffd or both (default both)",
                "  --disruption      a fragmented us-east-1 fleet consolidated by Spotter's and the Karpenter-style strategy",
                "  --nodes LIST      fleet sizes for --disruption (default 100,1000,5000)",
                "  --rounds N        decisions executed per strategy for --disruption (default 3)",
                "  --trace FILE      an Alibaba cluster-trace-gpu-v2023 openb_pod_list_*.csv, planned on the us-east-1 catalog",
                "  --gpu-sharing time-slicing=N  trace pods asking for a fraction of a GPU ask for replicas of a shared GPU",
                "  --runs N          measured runs per case after one warm-up run; the median is reported (default 3)",
                "  --daemonsets SET  DaemonSets on every node: eks (default: aws-node, kube-proxy, eks-pod-identity-agent,",
                "                    ebs-csi-node), eks+agent (plus a log and metrics agent), none, or a YAML file of DaemonSets");
    }

    /** The parsed command line. */
    private static final class Options {
        boolean synthetic;
        boolean disruption;
        List<Integer> nodes = List.of(100, 1000, 5000);
        int rounds = 3;
        boolean help;
        List<Integer> pods = DEFAULT_PODS;
        List<PlacementStrategy> strategies = List.of(new CostOptimizing(), new FirstFitDecreasing());
        final List<Path> traces = new ArrayList<>();
        int runs = 3;
        int gpuSharing;
        BenchDaemonSets daemonSets;

        static Options parse(List<String> args) {
            Options options = new Options();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--synthetic" -> options.synthetic = true;
                    case "--disruption" -> options.disruption = true;
                    case "--nodes" -> options.nodes = counts(value(args, ++i, arg));
                    case "--rounds" -> options.rounds = positive(value(args, ++i, arg), arg);
                    case "--help", "-h" -> options.help = true;
                    case "--pods" -> options.pods = counts(value(args, ++i, arg));
                    case "--strategy" -> options.strategies = strategies(value(args, ++i, arg));
                    case "--trace" -> options.traces.add(trace(value(args, ++i, arg)));
                    case "--runs" -> options.runs = positive(value(args, ++i, arg), arg);
                    case "--gpu-sharing" -> options.gpuSharing = sharing(value(args, ++i, arg));
                    case "--daemonsets" -> options.daemonSets = BenchDaemonSets.of(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            if (options.daemonSets == null) {
                options.daemonSets = BenchDaemonSets.of(BenchDaemonSets.DEFAULT);
            }
            if (!options.help && !options.synthetic && !options.disruption && options.traces.isEmpty()) {
                throw new IllegalArgumentException("nothing to run: give --synthetic, --disruption and/or --trace FILE");
            }
            return options;
        }

        private static String value(List<String> args, int index, String option) {
            if (index >= args.size()) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            return args.get(index);
        }

        private static List<Integer> counts(String list) {
            List<Integer> counts = new ArrayList<>();
            for (String part : list.split(",")) {
                counts.add(positive(part.trim(), "--pods"));
            }
            return counts;
        }

        private static int positive(String text, String option) {
            try {
                int value = Integer.parseInt(text);
                if (value < 1) {
                    throw new NumberFormatException();
                }
                return value;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + option + " needs positive integers, got '" + text + "'");
            }
        }

        private static List<PlacementStrategy> strategies(String name) {
            return switch (name) {
                case "cost" -> List.of(new CostOptimizing());
                case "ffd" -> List.of(new FirstFitDecreasing());
                case "both" -> List.of(new CostOptimizing(), new FirstFitDecreasing());
                default -> throw new IllegalArgumentException("--strategy must be cost, ffd or both, got '" + name + "'");
            };
        }

        /** {@code time-slicing=N}: N replicas per GPU (1 to 48). */
        private static int sharing(String text) {
            if (!text.startsWith("time-slicing=")) {
                throw new IllegalArgumentException("--gpu-sharing must be time-slicing=N, got '" + text + "'");
            }
            int replicas = positive(text.substring("time-slicing=".length()), "--gpu-sharing");
            if (replicas > 48) {
                throw new IllegalArgumentException("--gpu-sharing time-slicing=N needs N between 1 and 48, got " + replicas);
            }
            return replicas;
        }

        private static Path trace(String file) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new IllegalArgumentException("cannot read trace file " + file);
            }
            return path;
        }
    }
}
