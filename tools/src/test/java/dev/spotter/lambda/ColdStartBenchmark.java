package dev.spotter.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.Samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The cold-start benchmark (scripts/cold-start.sh runs it; not a test): each function in a fresh Runtime Interface
 * Emulator and JVM per run, from its artifact, limited like a 1,024 MB function ({@link LambdaEmulator}), against the
 * loopback servers of {@link RieTestbed}. Per function it reports the median over the runs of the emulator's Init
 * Duration (JVM start, static initialisation, handler construction), of the first invoke's Duration, of their sum and
 * of the wall time of the first invoke as seen by the caller, and the classes loaded by the end of the first invoke
 * (from one extra run with {@code -Xlog:class+load}). Prints a table on stderr and JSON on stdout.
 *
 * <p>Options: {@code --runs N} (default 5), {@code --artifacts DIR} (spotter-FUNCTION.jar in it; default
 * ../functions/target), {@code --jar FILE} (one jar for every function, e.g. the former all-in-one jar),
 * {@code --java-tool-options "..."} (default: the stack's), {@code --jvm "..."} (more JVM options, e.g. an AppCDS
 * archive), {@code --functions a,b}.
 */
public final class ColdStartBenchmark {
    /** The first event each function gets: its everyday work, with its AWS calls. */
    static final Map<String, String> FIRST_EVENTS = Map.of(
            "webhook", "webhook/admission-pod-create.json",
            "provisioner", "sqs/provisioning-signal.json",
            "interruption", "sqs/spot-interruption.json",
            "tick", "tick/scheduled.json");

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        Path artifacts = Path.of("..", "functions", "target");
        Path singleJar = null;
        String javaToolOptions = RieTestbed.STACK_JAVA_TOOL_OPTIONS;
        List<String> jvm = new ArrayList<>();
        List<String> functions = RieTestbed.functions();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--artifacts" -> artifacts = Path.of(args[++i]);
                case "--jar" -> singleJar = Path.of(args[++i]);
                case "--java-tool-options" -> javaToolOptions = args[++i];
                case "--jvm" -> jvm.addAll(Arrays.asList(args[++i].trim().split("\\s+")));
                case "--functions" -> functions = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        jvm.removeIf(String::isBlank);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("runs", runs);
        out.put("javaToolOptions", javaToolOptions);
        out.put("jvm", String.join(" ", LambdaEmulator.lambdaJvmOptions()) + " " + String.join(" ", jvm));
        out.put("java", System.getProperty("java.vm.version"));
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        ArrayNode rows = out.putArray("functions");
        try (RieTestbed bed = new RieTestbed(Path.of("target", "cold-start"))) {
            LambdaEmulator.Setup setup = LambdaEmulator.Setup.fromEnvironment(jvm);
            for (String function : functions) {
                Path artifact = singleJar != null ? singleJar : artifacts.resolve("spotter-" + function + ".jar");
                String event = Samples.read(FIRST_EVENTS.get(function));
                double[] init = new double[runs];
                double[] invoke = new double[runs];
                double[] wall = new double[runs];
                for (int run = 0; run < runs; run++) {
                    try (LambdaEmulator emulator = bed.start(setup, function, artifact, javaToolOptions)) {
                        LambdaEmulator.Invocation first = emulator.invoke(event);
                        requireSuccess(function, first, emulator);
                        init[run] = first.initMillis().orElseThrow();
                        invoke[run] = first.invokeMillis();
                        wall[run] = first.wallMillis();
                    }
                }
                long classes = classesLoaded(bed, setup, jvm, function, artifact, event, javaToolOptions);
                double[] total = new double[runs];
                for (int run = 0; run < runs; run++) {
                    total[run] = init[run] + invoke[run];
                }
                ObjectNode row = rows.addObject();
                row.put("function", function);
                row.put("artifact", artifact.getFileName().toString());
                row.put("artifactBytes", Files.size(artifact));
                row.put("initMillis", round(median(init)));
                row.put("firstInvokeMillis", round(median(invoke)));
                row.put("initPlusFirstInvokeMillis", round(median(total)));
                row.put("firstInvokeWallMillis", round(median(wall)));
                row.put("classesLoaded", classes);
            }
        }
        printTable(rows);
        System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    }

    private static long classesLoaded(RieTestbed bed, LambdaEmulator.Setup setup, List<String> jvm, String function,
                                      Path artifact, String event, String javaToolOptions) throws Exception {
        Path log = Files.createTempFile(bed.work, "classes-" + function + "-", ".log");
        List<String> options = new ArrayList<>(setup.jvmOptions());
        options.add("-Xlog:class+load=info:file=" + log.toAbsolutePath());
        LambdaEmulator.Setup logging = new LambdaEmulator.Setup(setup.rie(), setup.runtimeClientJars(), setup.java(), options);
        try (LambdaEmulator emulator = bed.start(logging, function, artifact, javaToolOptions)) {
            requireSuccess(function, emulator.invoke(event), emulator);
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(" source: ")).count();
        }
    }

    private static void requireSuccess(String function, LambdaEmulator.Invocation invocation, LambdaEmulator emulator) {
        if (invocation.body().contains("\"errorType\"") || invocation.body().contains("batchItemFailures\":[{")) {
            throw new IllegalStateException(function + " failed its first invoke: " + invocation.body() + "\n" + emulator.log());
        }
    }

    private static void printTable(ArrayNode rows) {
        System.err.printf("%-13s %10s %9s %13s %15s %11s %8s%n", "function", "artifact", "init ms", "1st invoke ms",
                "init+invoke ms", "wall ms", "classes");
        rows.forEach(r -> System.err.printf("%-13s %8.1fMB %9.0f %13.0f %15.0f %11.0f %8d%n",
                r.path("function").asText(), r.path("artifactBytes").asLong() / 1e6, r.path("initMillis").asDouble(),
                r.path("firstInvokeMillis").asDouble(), r.path("initPlusFirstInvokeMillis").asDouble(),
                r.path("firstInvokeWallMillis").asDouble(), r.path("classesLoaded").asLong()));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double round(double millis) {
        return Math.round(millis * 10) / 10.0;
    }
}
