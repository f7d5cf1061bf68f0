package dev.spotter.functions.tick;

import dev.spotter.adapters.pricing.LiveCatalog;
import dev.spotter.testing.MutableClock;
import dev.spotter.inmemory.InMemoryCatalogCache;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When the tick fetches the live catalog: only when enabled and the cached copy is older than an hour. */
class CatalogRefreshTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final InMemoryCatalogCache cache = new InMemoryCatalogCache();
    private int built;
    private final Supplier<LiveCatalog> live = () -> {
        built++;
        throw new IllegalStateException("a refresh was attempted");
    };

    @Test
    void refreshIfStale_whenLiveCatalogIsOff_fetchesNothing() {
        assertThat(refresh(false).refreshIfStale()).isFalse();
        assertThat(cache.calls()).isEmpty();
        assertThat(built).isZero();
    }

    @Test
    void refreshIfStale_whenTheCachedCopyIsFresh_fetchesNothing() {
        cache.put("eu-west-1", List.of(), NOW.minusSeconds(600));

        assertThat(refresh(true).refreshIfStale()).isFalse();
        assertThat(built).isZero();
    }

    @Test
    void refreshIfStale_whenTheCachedCopyIsAnHourOld_buildsTheLiveCatalog() {
        cache.put("eu-west-1", List.of(), NOW.minus(CatalogRefresh.INTERVAL).minusSeconds(1));

        assertThatThrownBy(() -> refresh(true).refreshIfStale())
                .hasMessage("a refresh was attempted");
        assertThat(built).isEqualTo(1);
    }

    private CatalogRefresh refresh(boolean enabled) {
        return new CatalogRefresh(enabled, "eu-west-1", () -> cache, live, new MutableClock(NOW));
    }
}
