package dev.spotter.functions.runtime;

import dev.spotter.interruption.InterruptionParsers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrimingTest {

    @Test
    void beforeCheckpoint_whenRegistered_runsTheWarmUp() {
        AtomicInteger runs = new AtomicInteger();
        Priming priming = Priming.register("test", runs::incrementAndGet);

        priming.beforeCheckpoint(null);

        assertThat(runs).hasValue(1);
    }

    @Test
    void prime_whenWarmUpFails_reportsItWithoutThrowing() {
        Priming priming = Priming.register("failing", () -> {
            throw new IllegalStateException("sample missing");
        });

        assertThat(priming.prime()).isFalse();
    }

    @Test
    void samples_whenReadFromTheClasspath_parseAsTheEventsTheyAre() {
        InterruptionParsers parsers = InterruptionParsers.defaults(Json.MAPPER);
        List<String> ids = new ArrayList<>();

        for (String sample : Samples.INTERRUPTION_EVENTS) {
            ids.add(parsers.parse(Samples.read(sample)).id());
        }

        assertThat(ids).hasSize(Samples.INTERRUPTION_EVENTS.size()).doesNotHaveDuplicates();
        assertThat(Samples.ADMISSION_REVIEWS).allSatisfy(s -> assertThat(Samples.read(s)).contains("AdmissionReview"));
    }

    @Test
    void parsingInterruptionSamples_whenPrimed_succeeds() {
        Priming priming = Priming.register("interruption", Priming.parsingInterruptionSamples(
                InterruptionParsers.defaults(Json.MAPPER)));

        assertThat(priming.prime()).isTrue();
    }

    @Test
    void read_whenSampleMissing_namesIt() {
        assertThatThrownBy(() -> Samples.read("eventbridge/nope.json"))
                .hasMessageContaining("samples/eventbridge/nope.json");
    }
}
