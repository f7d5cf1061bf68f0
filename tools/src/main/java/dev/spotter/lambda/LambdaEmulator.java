package dev.spotter.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one function the way Lambda's java21 runtime does: the AWS Lambda Runtime Interface Emulator (the Go binary
 * {@code aws-lambda-rie}) serves the Runtime API on loopback and starts a JVM that runs the AWS Lambda Java Runtime
 * Interface Client ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}) with the function's artifact
 * on its class path and the deployed handler string. The RIC deserialises each event with the runtime's own
 * serializer, constructs the handler through its no-argument constructor, and posts the response back. The RIE
 * initialises the function on the first invoke and logs the init phase's duration ({@code INIT REPORT}) and each
 * invoke's ({@code INVOKE RTDONE}); its {@code REPORT} line folds the init into the first invoke's duration, so those
 * two log lines are what is measured.
 *
 * <p>The JVM gets the heap of a {@value #MEMORY_MB} MB function, the serial collector and one processor, and is pinned
 * to one CPU with {@code taskset} where that exists (a 1,024 MB function gets about 0.6 vCPU; one core is the nearest
 * this machine can offer). Both servers listen on 127.0.0.1 only.
 */
public final class LambdaEmulator implements AutoCloseable {
    /** The function size the JVM is limited like. */
    public static final int MEMORY_MB = 1024;
    /** The java21 runtime's entry point. */
    public static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The emulator's own measure of the init phase: from the runtime's start to its first request for an event. */
    private static final Pattern INIT_REPORT = Pattern.compile("INIT REPORT\\(durationMs: ([0-9.]+)\\)");
    /** The emulator's measure of one invoke: from handing the event over to the runtime's response. */
    private static final Pattern INVOKE_DONE = Pattern.compile("INVOKE RTDONE\\(status: [^,]+, produced bytes: \\d+, duration: ([0-9.]+)ms\\)");

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private LambdaEmulator(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Where to find the emulator, the runtime client and the JVM, and how to start the JVM. */
    public record Setup(Path rie, List<Path> runtimeClientJars, Path java, List<String> jvmOptions) {
        public Setup {
            runtimeClientJars = List.copyOf(runtimeClientJars);
            jvmOptions = List.copyOf(jvmOptions);
        }

        /**
         * The emulator from SPOTTER_LAMBDA_RIE (scripts/lambda-rie.sh builds it and prints its path), the runtime
         * client's jars from SPOTTER_LAMBDA_RIC_DIR (by default tools/target/lambda-runtime, where the tools build copies
         * them), this JVM's java, and the JVM options Lambda would use for a 1,024 MB function plus {@code extra}.
         */
        public static Setup fromEnvironment(List<String> extra) {
            String rie = System.getenv("SPOTTER_LAMBDA_RIE");
            if (rie == null || rie.isBlank()) {
                throw new IllegalStateException("SPOTTER_LAMBDA_RIE is not set: run scripts/lambda-rie.sh, which builds the "
                        + "AWS Lambda Runtime Interface Emulator once and prints its path");
            }
            Path ricDir = Optional.ofNullable(System.getenv("SPOTTER_LAMBDA_RIC_DIR")).map(Path::of)
                    .orElseGet(() -> Files.isDirectory(Path.of("target", "lambda-runtime")) ? Path.of("target", "lambda-runtime")
                            : Path.of("tools", "target", "lambda-runtime"));
            List<Path> jars;
            try (var files = Files.list(ricDir)) {
                jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("no runtime interface client jars in " + ricDir.toAbsolutePath()
                        + " (the tools module's package phase copies them; or set SPOTTER_LAMBDA_RIC_DIR)", e);
            }
            if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))) {
                throw new IllegalStateException("the runtime interface client jar is missing from " + ricDir.toAbsolutePath());
            }
            List<String> options = new ArrayList<>(lambdaJvmOptions());
            options.addAll(extra);
            return new Setup(Path.of(rie), jars, Path.of(System.getProperty("java.home"), "bin", "java"), options);
        }
    }

    /**
     * The options the java21 runtime starts its JVM with, for {@value #MEMORY_MB} MB: about 85% of the memory as
     * heap, the serial collector, class-data sharing where an archive exists, one processor.
     */
    public static List<String> lambdaJvmOptions() {
        return List.of("-Xmx" + (MEMORY_MB * 85 / 100) + "m", "-XX:+UseSerialGC", "-Xshare:auto",
                "-XX:ActiveProcessorCount=1", "-Djava.net.preferIPv4Stack=true");
    }

    /**
     * Starts the emulator with the function; the function itself starts on the first {@link #invoke}.
     *
     * @param environment the function's environment (as the stack sets it), plus AWS settings
     */
    public static LambdaEmulator start(Setup setup, Path artifact, String handler, Map<String, String> environment,
                                       Path workDir) throws IOException {
        if (!Files.isRegularFile(artifact)) {
            throw new IllegalArgumentException("no function artifact at " + artifact.toAbsolutePath());
        }
        int port = freePort();
        int runtimePort = freePort();
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            command.addAll(List.of("/usr/bin/taskset", "-c", String.valueOf(pinnedCpu())));
        }
        command.addAll(List.of(setup.rie().toString(),
                "--runtime-interface-emulator-address", "127.0.0.1:" + port,
                "--runtime-api-address", "127.0.0.1:" + runtimePort,
                setup.java().toString()));
        command.addAll(setup.jvmOptions());
        List<String> classPath = new ArrayList<>();
        classPath.add(artifact.toAbsolutePath().toString());
        setup.runtimeClientJars().forEach(j -> classPath.add(j.toAbsolutePath().toString()));
        command.addAll(List.of("-cp", String.join(":", classPath), RIC_MAIN, handler));
        Files.createDirectories(workDir);
        Path log = Files.createTempFile(workDir, "rie-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("SPOTTER_") || k.equals("JAVA_TOOL_OPTIONS"));
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(MEMORY_MB));
        env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", "120");
        env.put("LOG_LEVEL", "info");
        env.putAll(environment);
        LambdaEmulator emulator = new LambdaEmulator(builder.start(), port, log);
        emulator.awaitListening();
        return emulator;
    }

    /** One invocation's answer and the emulator's report of it. */
    public record Invocation(int status, String body, Optional<Double> initMillis, double invokeMillis,
                             double wallMillis) {
    }

    /** Invokes the function with an event (JSON) and waits for its answer and the emulator's measure of it. */
    public Invocation invoke(String event) throws IOException, InterruptedException {
        int invokesBefore = matches(INVOKE_DONE).size();
        boolean initialised = !matches(INIT_REPORT).isEmpty();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/function/invocations"))
                .timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        double wall = (System.nanoTime() - start) / 1e6;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Double> invokes = matches(INVOKE_DONE);
        while (invokes.size() <= invokesBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
            invokes = matches(INVOKE_DONE);
        }
        if (invokes.size() <= invokesBefore) {
            throw new IllegalStateException("the emulator logged no end of the invoke; its log:\n" + log());
        }
        List<Double> inits = matches(INIT_REPORT);
        Optional<Double> init = !initialised && !inits.isEmpty() ? Optional.of(inits.get(0)) : Optional.empty();
        return new Invocation(response.statusCode(), response.body(), init, invokes.get(invokes.size() - 1), wall);
    }

    /** Everything the emulator and the function wrote so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Double> matches(Pattern pattern) {
        List<Double> found = new ArrayList<>();
        Matcher m = pattern.matcher(log());
        while (m.find()) {
            found.add(Double.parseDouble(m.group(1)));
        }
        return found;
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the emulator exited with " + process.exitValue() + ":\n" + log());
            }
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        throw new IOException("the emulator did not listen on 127.0.0.1:" + port + ":\n" + log());
    }

    /** Stops the emulator and the function's JVM. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last CPU this process may run on, so that the function does not share a core with the caller's main thread. */
    private static int pinnedCpu() {
        return Runtime.getRuntime().availableProcessors() - 1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Environment entries as a fresh mutable map (helper for callers building a function's environment). */
    public static Map<String, String> environment(String... keyValues) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }
}
