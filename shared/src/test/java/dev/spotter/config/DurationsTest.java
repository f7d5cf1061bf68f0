package dev.spotter.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @Test
    void parse_whenGoStyle_addsTheParts() {
        assertThat(Durations.parse("720h")).isEqualTo(Duration.ofHours(720));
        assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void parse_whenNotADuration_throws() {
        assertThatThrownBy(() -> Durations.parse("30d")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'30d'");
        assertThatThrownBy(() -> Durations.parse("1.5h")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseOrNever_whenNever_isEmpty() {
        assertThat(Durations.parseOrNever("Never")).isEmpty();
        assertThat(Durations.parseOrNever("1m")).contains(Duration.ofMinutes(1));
    }

    @Test
    void format_whenHoursAndMinutes_writesGoStyle() {
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofHours(720))).isEqualTo("720h");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }
}
