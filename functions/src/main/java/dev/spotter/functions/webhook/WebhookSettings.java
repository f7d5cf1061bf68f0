package dev.spotter.functions.webhook;

import dev.spotter.functions.runtime.Environment;

import java.time.Duration;

/**
 * The webhook's settings, from its environment.
 *
 * @param pathSecret the secret path segment ({@code SPOTTER_WEBHOOK_PATH_SECRET}, required)
 * @param queueUrl   the provisioning queue ({@code SPOTTER_PROVISIONING_QUEUE_URL}, required)
 * @param delay      how long SQS holds the signal ({@code SPOTTER_WEBHOOK_DELAY_SECONDS}, default 5, 0..900): the
 *                   pod is created before the scheduler has tried it, so the provisioner looks once the scheduler
 *                   has had time to mark it Unschedulable
 */
public record WebhookSettings(String pathSecret, String queueUrl, Duration delay) {
    public static final String PATH_SECRET = "SPOTTER_WEBHOOK_PATH_SECRET";
    public static final String QUEUE_URL = "SPOTTER_PROVISIONING_QUEUE_URL";
    public static final String DELAY_SECONDS = "SPOTTER_WEBHOOK_DELAY_SECONDS";
    public static final int DEFAULT_DELAY_SECONDS = 5;

    public static WebhookSettings from(Environment environment) {
        return new WebhookSettings(environment.required(PATH_SECRET), environment.required(QUEUE_URL),
                Duration.ofSeconds(environment.integer(DELAY_SECONDS, DEFAULT_DELAY_SECONDS, 0, 900)));
    }

    @Override
    public String toString() {
        return "WebhookSettings[pathSecret=<redacted>, queueUrl=" + queueUrl + ", delay=" + delay + "]";
    }
}
