package dev.spotter.functions.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.spotter.adapters.aws.CallPolicy;
import dev.spotter.functions.runtime.Environment;
import dev.spotter.functions.runtime.Invocation;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.LogKeys;
import dev.spotter.functions.runtime.PowertoolsSpotterMetrics;
import dev.spotter.functions.runtime.Priming;
import dev.spotter.functions.runtime.ProvisioningQueue;
import dev.spotter.functions.runtime.ProvisioningSignal;
import dev.spotter.functions.runtime.Samples;
import dev.spotter.functions.runtime.SpotterMetrics;
import dev.spotter.functions.runtime.SqsProvisioningQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The pending-pod doorbell: a validating admission webhook for pod CREATE, behind a Lambda Function URL (payload
 * format 2.0). It always allows the pod — Spotter never blocks the cluster — and, for a real (not dry-run) create
 * of a pod not yet bound to a node, enqueues a delayed {@link ProvisioningSignal} so the provisioner looks at the
 * pending pods within seconds instead of at the next tick. The signal is a hint, not a source of truth: if it is
 * lost, the periodic tick still finds the pod.
 *
 * <p>Answers 404 (and does nothing) unless the path is the secret segment. A malformed body is still allowed, with
 * an empty uid, and logged. A failure to enqueue is logged and counted, and the pod is still allowed.
 */
public final class PendingPodWebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    public static final String SIGNALS_SENT = "WebhookSignalsSent";
    public static final String ENQUEUE_FAILURES = "WebhookEnqueueFailures";
    public static final String MALFORMED_REVIEWS = "WebhookMalformedReviews";
    public static final String WRONG_PATHS = "WebhookWrongPaths";
    public static final String SKIPPED = "WebhookSkipped";

    private static final Logger LOG = LoggerFactory.getLogger(PendingPodWebhookHandler.class);
    private static final Map<String, String> JSON_HEADERS = Map.of("content-type", "application/json");
    private static final String NOT_FOUND_BODY = "{\"message\":\"Not Found\"}";

    private final WebhookPath path;
    private final Duration delay;
    private final ProvisioningQueue queue;
    private final SpotterMetrics metrics;
    private final Clock clock;
    private final AdmissionReviews reviews = new AdmissionReviews(Json.MAPPER);

    /** For Lambda: settings from the environment, the SQS client built on first enqueue, primed for SnapStart. */
    public PendingPodWebhookHandler() {
        this(WebhookSettings.from(Environment.system()), null, PowertoolsSpotterMetrics.create(), Clock.systemUTC());
        Priming.register("pending-pod webhook", this::warmUp);
    }

    public PendingPodWebhookHandler(WebhookSettings settings, ProvisioningQueue queue, SpotterMetrics metrics,
                                    Clock clock) {
        this.path = new WebhookPath(settings.pathSecret());
        this.delay = settings.delay();
        this.queue = queue != null ? queue : SqsProvisioningQueue.lazy(settings.queueUrl(), CallPolicy.WEBHOOK_SIGNAL);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Invocation.run(context, metrics, () -> answer(event));
    }

    private APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event) {
        if (event == null || !path.matches(event.getRawPath())) {
            metrics.count(WRONG_PATHS);
            LOG.warn("webhook called on a path other than its secret one: answered 404");
            return response(404, NOT_FOUND_BODY);
        }
        AdmissionRequest request;
        try {
            request = reviews.parse(event.getBody(), event.getIsBase64Encoded());
        } catch (MalformedAdmissionReviewException e) {
            metrics.count(MALFORMED_REVIEWS);
            LOG.warn("malformed admission review, allowed with an empty uid: {}", e.getMessage());
            return response(200, reviews.allowed(""));
        }
        ring(request);
        return response(200, reviews.allowed(request.uid()));
    }

    private void ring(AdmissionRequest request) {
        String skipped = skipReason(request);
        if (skipped != null) {
            metrics.count(SKIPPED);
            LOG.debug("no provisioning signal for {}: {}", LogKeys.pod(request.pod()), skipped);
            return;
        }
        ProvisioningSignal signal = new ProvisioningSignal(ProvisioningSignal.POD_CREATED, request.pod(),
                clock.instant());
        try {
            queue.send(signal, delay);
            metrics.count(SIGNALS_SENT);
            LOG.info("provisioning signal enqueued for {}", LogKeys.pod(request.pod()));
        } catch (RuntimeException e) {
            metrics.count(ENQUEUE_FAILURES);
            LOG.error("could not enqueue the provisioning signal for {}; the pod is allowed and the next tick will "
                    + "find it", LogKeys.pod(request.pod()), e);
        }
    }

    private static String skipReason(AdmissionRequest request) {
        if (!request.isPodCreate()) {
            return "not a pod CREATE (" + request.kind() + " " + request.operation() + ")";
        }
        if (request.dryRun()) {
            return "dry run";
        }
        if (request.bound()) {
            return "already bound to a node";
        }
        return null;
    }

    private void warmUp() {
        for (String sample : Samples.ADMISSION_REVIEWS) {
            String uid = reviews.parse(Samples.read(sample), false).uid();
            reviews.allowed(uid);
        }
        new ProvisioningSignal(ProvisioningSignal.POD_CREATED, "warm/up", clock.instant()).toJson(Json.MAPPER);
        response(200, reviews.allowed(""));
    }

    private static APIGatewayV2HTTPResponse response(int status, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(JSON_HEADERS).withBody(body)
                .withIsBase64Encoded(false).build();
    }
}
