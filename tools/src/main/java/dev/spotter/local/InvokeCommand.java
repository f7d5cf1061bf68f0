package dev.spotter.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.cli.Command;
import dev.spotter.cli.UsageException;
import dev.spotter.config.ConfigException;
import dev.spotter.functions.runtime.Environment;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.Samples;
import dev.spotter.functions.webhook.WebhookSettings;
import dev.spotter.manifest.ManifestReader;
import dev.spotter.manifest.Manifests;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@code spotter invoke <function> --event FILE}: runs one function's Lambda handler in this process on one event, as
 * Lambda would (its event classes, a context with a request id and a deadline), against the AWS endpoints of the
 * environment, e.g. moto's server from {@code scripts/local-env.sh}. The handler's JSON response goes to stdout, the
 * logs and metrics to stderr. Exit code 0 when the handler returned, 1 when it threw (a Lambda-style error object is
 * printed), 2 for a wrong command line or event.
 */
public final class InvokeCommand implements Command {
    private static final ObjectWriter RESPONSE_WRITER = Json.MAPPER.copy()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL).writerWithDefaultPrettyPrinter();

    private final boolean standalone;
    private final Map<String, String> processEnvironment;
    private final Clock clock;

    /** The command-line process: logs are sent to stderr, the process environment is the base. */
    public InvokeCommand() {
        this(true, System.getenv(), Clock.systemUTC());
    }

    /**
     * @param standalone         true in the {@code spotter} process: reconfigures logging to stderr for the whole JVM
     * @param processEnvironment the variables the environment file and options add to
     */
    InvokeCommand(boolean standalone, Map<String, String> processEnvironment, Clock clock) {
        this.standalone = standalone;
        this.processEnvironment = Map.copyOf(processEnvironment);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "invoke";
    }

    @Override
    public String help() {
        return "run a function locally: invoke <webhook|provisioner|interruption|tick> --event FILE [--env FILE] [--dry-run] [--mock-cluster FILE.yaml]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            InvokeOptions options = InvokeOptions.parse(args);
            if (options.help()) {
                out.print(usage());
                out.flush();
                return OK;
            }
            if (standalone) {
                LocalLogging.toStandardError();
            }
            return invoke(options, out, err);
        } catch (UsageException | ConfigException e) {
            err.println("spotter invoke: " + e.getMessage());
            return INVALID_INPUT;
        }
    }

    private int invoke(InvokeOptions options, PrintStream out, PrintStream err) {
        LocalFunction function = LocalFunction.named(options.function()).orElseThrow(() -> new UsageException(
                "unknown function '" + options.function() + "' (webhook, provisioner, interruption or tick)"));
        Map<String, String> fromFile = options.envFile() == null ? Map.of() : EnvFile.read(options.envFile());
        Map<String, String> variables = new HashMap<>(processEnvironment);
        variables.putAll(fromFile);
        if (options.dryRun()) {
            variables.put("SPOTTER_DRY_RUN", "true");
        }
        boolean dryRun = Boolean.parseBoolean(variables.getOrDefault("SPOTTER_DRY_RUN", "false").trim());
        if (dryRun) {
            variables.putIfAbsent(WebhookSettings.QUEUE_URL, "dry-run:no-queue");
        }
        Environment env = new Environment(variables);
        MockCluster cluster = options.mockCluster() == null ? null : mockCluster(options.mockCluster(), err);

        LocalSamples.EventText text = LocalSamples.resolve(options.event());
        LocalEvents events = new LocalEvents(Json.MAPPER, region(variables), env.optional(WebhookSettings.PATH_SECRET, ""),
                clock.instant());
        LocalEvents.Input input = events.forFunction(function, text.source(), text.json());
        String requestId = UUID.randomUUID().toString();
        err.printf("spotter invoke: %s (%s) on %s: %s, %s%s; request %s%n", function.shortName(),
                function.handler().getSimpleName(), text.source(), input.shape().description(), input.note(),
                dryRun ? " [dry run]" : "", requestId);

        Set<String> applied = new TreeSet<>();
        try (AwsSystemProperties ignored = AwsSystemProperties.apply(fromFile, applied)) {
            if (!applied.isEmpty()) {
                err.println("spotter invoke: AWS settings from " + options.envFile() + ": " + String.join(", ", applied));
            }
            LocalContext context = new LocalContext("spotter-" + function.shortName() + "-local", requestId, clock,
                    options.timeout(), err);
            LocalInvoker invoker = new LocalInvoker(env, dryRun, cluster, new LocalMetrics(err), clock);
            Object response;
            try {
                response = invoker.invoke(function, input.event(), context);
            } catch (RuntimeException e) {
                err.println("spotter invoke: " + function.shortName() + " failed: " + e);
                e.printStackTrace(err);
                out.println(write(lambdaError(e)));
                out.flush();
                return FAILED;
            }
            out.println(write(response));
            out.flush();
            return OK;
        }
    }

    private static MockCluster mockCluster(Path file, PrintStream err) {
        Manifests manifests;
        try {
            manifests = ManifestReader.read(file);
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getMessage(), e);
        }
        manifests.warnings().forEach(warning -> err.println("spotter invoke: " + file + ": " + warning));
        err.printf("spotter invoke: mock cluster from %s: %d nodes, %d pods (%d pending), %d DaemonSets%n", file,
                manifests.nodes().size(), manifests.pods().size(), manifests.pendingPods().size(),
                manifests.daemonSets().size());
        return new MockCluster(manifests);
    }

    private static String region(Map<String, String> variables) {
        String region = variables.getOrDefault("AWS_REGION", variables.getOrDefault("AWS_DEFAULT_REGION", ""));
        return region.isBlank() ? "us-east-1" : region.trim();
    }

    /** What Lambda answers for a function that threw. */
    private static ObjectNode lambdaError(RuntimeException e) {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.put("errorMessage", String.valueOf(e.getMessage()));
        error.put("errorType", e.getClass().getName());
        var trace = error.putArray("stackTrace");
        for (StackTraceElement frame : e.getStackTrace()) {
            trace.add(frame.toString());
        }
        return error;
    }

    private static String write(Object response) {
        try {
            return RESPONSE_WRITER.writeValueAsString(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the response " + response.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static String usage() {
        StringBuilder text = new StringBuilder();
        text.append("""
                usage: spotter invoke <function> --event FILE|SAMPLE [--env FILE] [--dry-run] [--mock-cluster FILE.yaml] [--timeout SECONDS]

                Runs one function's Lambda handler in this process on one event, against the AWS endpoints of the
                environment (e.g. moto's server: scripts/local-env.sh). The handler's JSON response goes to stdout,
                logs and metrics to stderr. Exit code 0 when the handler returned, 1 when it threw, 2 for bad usage.

                functions:
                """);
        for (LocalFunction function : LocalFunction.values()) {
            text.append(String.format("  %-13s %-25s takes %s%n", function.shortName(), function.handler().getSimpleName(),
                    function.accepts()));
        }
        text.append("""

                options:
                  --event FILE|SAMPLE   a JSON file, or a sample shipped in the jar by its path under events/ (below)
                  --env FILE            NAME=value lines (e.g. .spotter-local.env) over the process environment;
                                        the AWS_* ones (region, credentials, AWS_ENDPOINT_URL[_SERVICE]) go to the AWS SDK
                  --dry-run             SPOTTER_DRY_RUN=true: decide and log, change nothing (the webhook sends nothing)
                  --mock-cluster FILE   serve the Pods, Nodes and DaemonSets of a manifest file as the Kubernetes API
                                        (in memory; pods without nodeName are unschedulable; writes are only logged)
                  --timeout SECONDS     the context's remaining time at the start (default 60)

                environment: SPOTTER_CLUSTER_NAME, SPOTTER_CONFIG_FILE (NodePools and EC2NodeClasses), SPOTTER_TABLE_NAME,
                  SPOTTER_PROVISIONING_QUEUE_URL, SPOTTER_WEBHOOK_PATH_SECRET, SPOTTER_DRY_RUN, SPOTTER_KUBERNETES_URL
                  (+ SPOTTER_KUBERNETES_TOKEN) for a non-EKS API server, SPOTTER_AMI_PARAMETER_ROOT; see docs/local.md

                samples (events/):
                """);
        samplesByFunction().forEach((function, samples) -> {
            text.append(String.format("  %s:%n", function.shortName()));
            samples.forEach(sample -> text.append("    ").append(sample).append('\n'));
        });
        return text.toString();
    }

    /** Each sample under the function it is meant for; an SQS batch goes by its first message's body. */
    private static Map<LocalFunction, List<String>> samplesByFunction() {
        Map<LocalFunction, List<String>> byFunction = new LinkedHashMap<>();
        for (LocalFunction function : LocalFunction.values()) {
            byFunction.put(function, new ArrayList<>());
        }
        for (String sample : LocalSamples.list()) {
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(Samples.read(sample));
            } catch (JsonProcessingException e) {
                continue;
            }
            EventShape shape = EventShape.of(root);
            if (shape == EventShape.SQS_BATCH) {
                byFunction.get(carriesSignals(root) ? LocalFunction.PROVISIONER : LocalFunction.INTERRUPTION).add(sample);
                continue;
            }
            byFunction.forEach((function, samples) -> {
                if (function.accepts(shape)) {
                    samples.add(sample);
                }
            });
        }
        return byFunction;
    }

    private static boolean carriesSignals(JsonNode sqsEvent) {
        for (JsonNode record : sqsEvent.path("Records")) {
            try {
                return EventShape.of(Json.MAPPER.readTree(record.path("body").asText())) == EventShape.PROVISIONING_SIGNAL;
            } catch (JsonProcessingException e) {
                return false;
            }
        }
        return false;
    }
}
