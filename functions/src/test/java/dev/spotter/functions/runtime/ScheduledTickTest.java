package dev.spotter.functions.runtime;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduledTickTest {

    @Test
    void fromJson_whenSchedulerInput_readsClusterTimeAndAttempt() {
        ScheduledTick tick = ScheduledTick.fromJson(Json.MAPPER, Samples.read("tick/scheduled.json"));

        assertThat(tick.cluster()).isEqualTo("demo");
        assertThat(tick.scheduledTime()).isEqualTo(Instant.parse("2025-11-03T14:06:00Z"));
        assertThat(tick.attemptNumber()).isEqualTo(1);
        assertThat(tick.executionId()).isEqualTo("d32c5kddcf5bb8c3");
    }

    @Test
    void fromJson_whenTemplateWasNotFilledIn_namesTheTimeField() {
        assertThatThrownBy(() -> ScheduledTick.fromJson(Json.MAPPER, Samples.read("tick/schedule-input-template.json")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheduledTime");
    }

    @Test
    void fromJson_whenNotATick_namesTheProblem() {
        assertThatThrownBy(() -> ScheduledTick.fromJson(Json.MAPPER, "{}")).hasMessageContaining("kind");
        assertThatThrownBy(() -> ScheduledTick.fromJson(Json.MAPPER, "{\"kind\":\"spotter-tick\"}"))
                .hasMessageContaining("cluster");
        assertThatThrownBy(() -> ScheduledTick.fromJson(Json.MAPPER, "tick")).hasMessageContaining("not JSON");
    }
}
