package dev.spotter.functions.tick;

import dev.spotter.adapters.pricing.LiveCatalog;
import dev.spotter.testing.MutableClock;
import dev.spotter.inmemory.InMemoryCatalogCache;
import dev.spotter.catalog.CatalogCsv;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.pricing.PricingClient;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

import java.time.Instant;
import java.util.ArrayList;
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

    @Test
    void refreshIfStale_closesTheClientsItBuiltForTheRefresh() {
        List<String> closed = new ArrayList<>();
        Supplier<LiveCatalog> closable = () -> new LiveCatalog(unreachable(Ec2Client.class, closed),
                unreachable(PricingClient.class, closed), "eu-west-1", CatalogCsv.loadDefault(), cache, new MutableClock(NOW));

        boolean fetched = new CatalogRefresh(true, "eu-west-1", () -> cache, closable, new MutableClock(NOW)).refreshIfStale();

        assertThat(fetched).isTrue();
        assertThat(closed).containsExactlyInAnyOrder("Ec2Client", "PricingClient");
    }

    /** A client whose calls fail as an unreachable endpoint's do, and that notes in {@code closed} when it is closed. */
    @SuppressWarnings("unchecked")
    private static <T> T unreachable(Class<T> type, List<String> closed) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (method.getName().equals("close")) {
                closed.add(type.getSimpleName());
                return null;
            }
            if (method.getName().endsWith("Paginator")) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            throw SdkClientException.create("Unable to execute HTTP request: connection refused");
        });
    }

    private CatalogRefresh refresh(boolean enabled) {
        return new CatalogRefresh(enabled, "eu-west-1", () -> cache, live, new MutableClock(NOW));
    }
}
