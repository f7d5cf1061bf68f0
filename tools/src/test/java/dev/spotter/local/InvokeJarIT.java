package dev.spotter.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.functions.runtime.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spotter invoke} as a user runs it: the tools jar (built by the package phase, before the ITs) in a process of
 * its own, whose stdout must hold the response JSON and nothing else, and whose stderr gets the logs.
 */
class InvokeJarIT {
    private static final Path JAR = Path.of("target", "spotter-tools.jar");

    @TempDir
    Path dir;

    @Test
    void invoke_webhookInDryRun_printsOnlyTheResponseOnStdoutAndLogsOnStderr() throws Exception {
        Path env = dir.resolve("local.env");
        Files.writeString(env, """
                # what scripts/local-env.sh writes, less the AWS part: a dry run needs no endpoint
                SPOTTER_WEBHOOK_PATH_SECRET=%s
                SPOTTER_PROVISIONING_QUEUE_URL=http://127.0.0.1:9/000000000000/nowhere
                """.formatted(LocalSetupCommand.samplePathSecret()));

        Result result = spotter("invoke", "webhook", "--event", "webhook/admission-pod-create.json", "--env", env.toString(),
                "--dry-run");

        assertThat(result.code).as(result.err).isZero();
        JsonNode response = Json.MAPPER.readTree(result.out);
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("body").asText()).contains("\"allowed\":true");
        assertThat(result.out.strip()).startsWith("{").endsWith("}");
        assertThat(result.err).contains("PendingPodWebhookHandler")
                .contains("[dry run] would send {\"reason\":\"pod-created\",\"pod\":\"shop/checkout-7d4b9c8f6-\"")
                .contains("metrics: WebhookSignalsSent=1");
    }

    @Test
    void invokeHelp_fromTheJar_listsTheFunctionsAndTheShippedSamples() throws Exception {
        Result result = spotter("invoke", "--help");

        assertThat(result.code).isZero();
        assertThat(result.out).contains("webhook", "provisioner", "interruption", "tick",
                "ReconcileTickHandler", "eventbridge/spot-interruption.json", "tick/scheduled.json",
                "sqs/provisioning-signal.json", "admission/pod-create.json");
    }

    @Test
    void invoke_unknownFunction_exitsWithUsageErrorAndNoOutput() throws Exception {
        Result result = spotter("invoke", "scheduler", "--event", "tick/scheduled.json");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.out).isEmpty();
        assertThat(result.err).contains("unknown function 'scheduler'");
    }

    private Result spotter(String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("the shaded jar (mvn package runs before the ITs)").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("spotter " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
    }
}
