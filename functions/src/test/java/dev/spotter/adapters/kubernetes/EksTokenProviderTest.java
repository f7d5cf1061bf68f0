package dev.spotter.adapters.kubernetes;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EksTokenProviderTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00Z"));
    private final List<String> signed = new ArrayList<>();
    private final EksTokenProvider provider = new EksTokenProvider("prod", cluster -> {
        signed.add(cluster);
        return "token-" + signed.size();
    }, clock);

    @Test
    void constructor_always_signsNothing() {
        assertThat(signed).isEmpty();
    }

    @Test
    void getToken_withinTenMinutes_returnsCachedToken() {
        String first = provider.getToken();
        clock.advance(Duration.ofMinutes(9).plusSeconds(59));

        assertThat(provider.getToken()).isEqualTo(first).isEqualTo("token-1");
        assertThat(signed).containsExactly("prod");
    }

    @Test
    void getToken_afterTenMinutes_signsNewToken() {
        provider.getToken();
        clock.advance(Duration.ofMinutes(10));

        assertThat(provider.getToken()).isEqualTo("token-2");
        clock.advance(Duration.ofMinutes(5));
        assertThat(provider.getToken()).isEqualTo("token-2");
        assertThat(signed).containsExactly("prod", "prod");
    }

    @Test
    void getToken_whenClockWentBackwards_signsNewToken() {
        provider.getToken();
        clock.advance(Duration.ofMinutes(-1));

        assertThat(provider.getToken()).isEqualTo("token-2");
    }

    @Test
    void getToken_afterInvalidate_signsNewToken() {
        provider.getToken();
        provider.invalidate();

        assertThat(provider.getToken()).isEqualTo("token-2");
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
