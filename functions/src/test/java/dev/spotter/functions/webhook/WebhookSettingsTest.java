package dev.spotter.functions.webhook;

import dev.spotter.functions.runtime.Environment;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSettingsTest {
    private static final Map<String, String> REQUIRED = Map.of(
            WebhookSettings.PATH_SECRET, "s3cr3t",
            WebhookSettings.QUEUE_URL, "https://sqs.us-east-1.amazonaws.com/123456789012/spotter-provisioning");

    @Test
    void from_whenOnlyRequiredSet_defaultsTheDelayToFiveSeconds() {
        WebhookSettings settings = WebhookSettings.from(new Environment(REQUIRED));

        assertThat(settings.delay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void from_whenSecretMissing_namesTheVariable() {
        assertThatThrownBy(() -> WebhookSettings.from(new Environment(Map.of(WebhookSettings.QUEUE_URL, "q"))))
                .hasMessageContaining("SPOTTER_WEBHOOK_PATH_SECRET");
    }

    @Test
    void from_whenDelayOutOfRangeOrNotANumber_namesTheVariable() {
        Map<String, String> tooLong = new java.util.HashMap<>(REQUIRED);
        tooLong.put(WebhookSettings.DELAY_SECONDS, "901");
        Map<String, String> notANumber = new java.util.HashMap<>(REQUIRED);
        notANumber.put(WebhookSettings.DELAY_SECONDS, "5s");

        assertThatThrownBy(() -> WebhookSettings.from(new Environment(tooLong)))
                .hasMessageContaining("SPOTTER_WEBHOOK_DELAY_SECONDS").hasMessageContaining("0..900");
        assertThatThrownBy(() -> WebhookSettings.from(new Environment(notANumber)))
                .hasMessageContaining("SPOTTER_WEBHOOK_DELAY_SECONDS").hasMessageContaining("not a number");
    }

    @Test
    void webhookPath_whenSecretHasASlash_isRejected() {
        assertThatThrownBy(() -> new WebhookPath("a/b")).hasMessageContaining("one path segment");
    }
}
