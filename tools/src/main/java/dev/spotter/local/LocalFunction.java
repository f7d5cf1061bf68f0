package dev.spotter.local;

import dev.spotter.functions.interruption.InterruptionHandler;
import dev.spotter.functions.provisioner.ProvisionerHandler;
import dev.spotter.functions.tick.ReconcileTickHandler;
import dev.spotter.functions.webhook.PendingPodWebhookHandler;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The functions {@code spotter invoke} runs, by short name or by handler class name, and what each accepts. */
enum LocalFunction {
    WEBHOOK("webhook", PendingPodWebhookHandler.class, Set.of(EventShape.FUNCTION_URL, EventShape.ADMISSION_REVIEW),
            "a Function URL event (webhook/) or an AdmissionReview (admission/)"),
    PROVISIONER("provisioner", ProvisionerHandler.class, Set.of(EventShape.SQS_BATCH, EventShape.PROVISIONING_SIGNAL),
            "an SQS event (sqs/provisioning-signal.json) or a provisioning signal (provisioning/)"),
    INTERRUPTION("interruption", InterruptionHandler.class, Set.of(EventShape.SQS_BATCH, EventShape.EVENTBRIDGE),
            "an SQS event (sqs/) or an EventBridge event (eventbridge/)"),
    TICK("tick", ReconcileTickHandler.class, Set.of(EventShape.SCHEDULER_INPUT),
            "EventBridge Scheduler's input (tick/; <aws.scheduler.*> placeholders are filled in)");

    private final String shortName;
    private final Class<?> handler;
    private final Set<EventShape> accepted;
    private final String accepts;

    LocalFunction(String shortName, Class<?> handler, Set<EventShape> accepted, String accepts) {
        this.shortName = shortName;
        this.handler = handler;
        this.accepted = accepted;
        this.accepts = accepts;
    }

    String shortName() {
        return shortName;
    }

    Class<?> handler() {
        return handler;
    }

    /** What the function takes, in words, for usage and error messages. */
    String accepts() {
        return accepts;
    }

    boolean accepts(EventShape shape) {
        return accepted.contains(shape);
    }

    /** "webhook", "PendingPodWebhookHandler" or "dev.spotter.functions.webhook.PendingPodWebhookHandler", any case. */
    static Optional<LocalFunction> named(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.shortName.equals(wanted)
                || f.handler.getSimpleName().toLowerCase(Locale.ROOT).equals(wanted)
                || f.handler.getName().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }
}
