package dev.spotter.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.adapters.ec2.AwsClients;
import dev.spotter.adapters.ec2.Ec2CloudProvider;
import dev.spotter.adapters.kubernetes.KubernetesClients;
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
 * Builds a function's handler the way its Lambda constructor does, from an {@link Environment}, with the local
 * substitutes that production code does not know: metrics go to stderr, {@code --mock-cluster} replaces the
 * Kubernetes API, {@value #KUBERNETES_URL} (with {@value #KUBERNETES_TOKEN}) points the Kubernetes client at any API
 * server, {@value #AMI_PARAMETER_ROOT} moves the public AMI parameters to a root an emulator accepts, and in a dry run
 * the webhook logs the signal it would send. Everything else (DynamoDB, SQS, EC2, SSM, EKS) is the real adapter, on
 * whatever endpoints the AWS settings name.
 */
final class LocalInvoker {
    /** Any API server instead of the EKS cluster's (a kind cluster, a test server). */
    static final String KUBERNETES_URL = "SPOTTER_KUBERNETES_URL";
    /** The bearer token for {@link #KUBERNETES_URL}; none when unset. */
    static final String KUBERNETES_TOKEN = "SPOTTER_KUBERNETES_TOKEN";
    /**
     * Where the public AMI parameters (/aws/service/...) live on an emulator that, like AWS, refuses writes under /aws
     * (moto in scripts/local-env.sh; local-setup writes the copy).
     */
    static final String AMI_PARAMETER_ROOT = "SPOTTER_AMI_PARAMETER_ROOT";

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

    SpotterRuntime runtime() {
        SpotterRuntime.Builder builder = SpotterRuntime.builder(env).clock(clock).metrics(metrics);
        if (mockCluster != null) {
            builder.clusterApi(mockCluster);
        }
        String url = env.optional(KUBERNETES_URL, "");
        if (!url.isEmpty()) {
            String token = env.optional(KUBERNETES_TOKEN, "");
            builder.kubernetesClientFactory(() -> KubernetesClients.forEndpoint(url, null, token.isEmpty() ? null : () -> token));
        }
        String parameterRoot = env.optional(AMI_PARAMETER_ROOT, "");
        if (!parameterRoot.isEmpty()) {
            builder.cloudFactory(() -> new Ec2CloudProvider(AwsClients.ec2(), AwsClients.ssm(), parameterRoot));
        }
        return builder.build();
    }
}
