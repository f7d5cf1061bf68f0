package dev.spotter.functions.runtime;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LazyTest {

    @Test
    void get_whenCalledTwice_buildsOnceOnFirstUse() {
        AtomicInteger builds = new AtomicInteger();
        Lazy<String> lazy = Lazy.of(() -> "client-" + builds.incrementAndGet());

        assertThat(lazy.isBuilt()).isFalse();
        assertThat(lazy.get()).isEqualTo("client-1");
        assertThat(lazy.get()).isEqualTo("client-1");
        assertThat(builds).hasValue(1);
    }
}
