package dev.spotter.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.cluster.ClusterApi;
import dev.spotter.functions.interruption.InterruptionHandler;
import dev.spotter.functions.provisioner.ProvisionerHandler;
import dev.spotter.functions.runtime.Environment;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.ProvisioningQueue;
import dev.spotter.functions.runtime.SpotterMetrics;
import dev.spotter.functions.tick.ReconcileTickHandler;
import dev.spotter.functions.webhook.PendingPodWebhookHandler;
import dev.spotter.functions.webhook.WebhookSettings;
import dev.spotter.functions.wiring.SpotterRuntime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Builds a function's handler the way its Lambda constructor does, from an {@link Environment}, with three local
 * substitutes: metrics go to stderr, {@code --mock-cluster} replaces the Kubernetes API, and in a dry run the webhook
 * logs the signal it would send. Everything else (DynamoDB, SQS, EC2, SSM, EKS) is the real adapter, on whatever
 * endpoints the AWS settings name.
 */
final class LocalInvoker {
    private final Environment env;
    private final boolean dryRun;
    private final ClusterApi mockCluster;
    private final SpotterMetrics metrics;
    private final Clock clock;

    /** @param mockCluster the cluster to use instead of the Kubernetes API server, or null */
    LocalInvoker(Environment env, boolean dryRun, ClusterApi mockCluster, SpotterMetrics metrics, Clock clock) {
        this.env = env;
        this.dryRun = dryRun;
        this.mockCluster = mockCluster;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs the handler once and returns its response (the tick's as a JSON tree). */
    Object invoke(LocalFunction function, Object event, Context context) {
        return switch (function) {
            case WEBHOOK -> webhook().handleRequest((APIGatewayV2HTTPEvent) event, context);
            case PROVISIONER -> new ProvisionerHandler(runtime()).handleRequest((SQSEvent) event, context);
            case INTERRUPTION -> new InterruptionHandler(runtime()).handleRequest((SQSEvent) event, context);
            case TICK -> tick((String) event, context);
        };
    }

    private PendingPodWebhookHandler webhook() {
        WebhookSettings settings = WebhookSettings.from(env);
        ProvisioningQueue queue = dryRun ? new DryRunProvisioningQueue(settings.queueUrl()) : null;
        return new PendingPodWebhookHandler(settings, queue, metrics, clock);
    }

    private JsonNode tick(String input, Context context) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new ReconcileTickHandler(runtime()).handleRequest(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, context);
        try {
            return Json.MAPPER.readTree(output.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("the tick wrote no JSON: " + output.toString(StandardCharsets.UTF_8), e);
        }
    }

    private SpotterRuntime runtime() {
        SpotterRuntime.Builder builder = SpotterRuntime.builder(env).clock(clock).metrics(metrics);
        if (mockCluster != null) {
            builder.clusterApi(mockCluster);
        }
        return builder.build();
    }
}
