package dev.spotter.functions.runtime;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InvocationTest {
    private final RecordingSpotterMetrics metrics = new RecordingSpotterMetrics();

    @Test
    void run_whenLambdaContext_addsItsFieldsToTheLogsDuringTheBodyOnly() {
        String requestId = Invocation.run(new TestContext("req-123"), metrics,
                () -> MDC.get("function_request_id"));

        assertThat(requestId).isEqualTo("req-123");
        assertThat(MDC.get("function_request_id")).isNull();
        assertThat(metrics.flushes()).isEqualTo(1);
    }

    @Test
    void run_whenBodyThrows_stillFlushesTheMetrics() {
        assertThatThrownBy(() -> Invocation.run(new TestContext("req-456"), metrics, () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(metrics.flushes()).isEqualTo(1);
    }

    @Test
    void run_whenNoContext_runsTheBody() {
        assertThat(Invocation.run(null, metrics, () -> "done")).isEqualTo("done");
    }

    @Test
    void holder_outsideLambda_isDifferentForEachInvocation() {
        // regression: two invocations in one process (or two deliveries of one tick) shared a lease holder
        org.assertj.core.api.Assertions.assertThat(Invocation.holder(null, "tick"))
                .isNotEqualTo(Invocation.holder(null, "tick")).startsWith("tick-");
        org.assertj.core.api.Assertions.assertThat(Invocation.holder(new TestContext("req-9"), "tick")).isEqualTo("req-9");
    }
}
