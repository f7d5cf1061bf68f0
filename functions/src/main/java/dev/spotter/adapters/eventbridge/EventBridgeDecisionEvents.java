package dev.spotter.adapters.eventbridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.spotter.events.DecisionEvent;
import dev.spotter.events.DecisionEvents;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.SpotterMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Publishes Spotter's decisions to an EventBridge bus with PutEvents (source {@code spotter}). Events are kept in
 * memory while the invocation acts and sent by {@link #flush()} at its end, ten per call (the PutEvents limit), so
 * that a slow or failing EventBridge never holds up or fails a decision. A rejected entry or a failed call is logged
 * and counted ({@value #FAILED_METRIC}); nothing is retried beyond the SDK's own attempt.
 */
public final class EventBridgeDecisionEvents implements DecisionEvents {
    public static final String PUBLISHED_METRIC = "DecisionEventsPublished";
    public static final String FAILED_METRIC = "DecisionEventsFailed";
    /** The most entries one PutEvents call takes. */
    static final int MAX_ENTRIES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeDecisionEvents.class);

    private final Supplier<EventBridgeClient> client;
    private final String busName;
    private final SpotterMetrics metrics;
    private final Clock clock;
    private final List<PutEventsRequestEntry> pending = new ArrayList<>();

    /**
     * @param client  built on first flush (never while a SnapStart snapshot is taken)
     * @param busName the bus's name or ARN; {@code default} is the account's default bus
     */
    public EventBridgeDecisionEvents(Supplier<EventBridgeClient> client, String busName, SpotterMetrics metrics, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.busName = Objects.requireNonNull(busName, "busName");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An EventBridge client on the URL-connection HTTP client, with timeouts short enough for a report. */
    public static EventBridgeClient defaultClient() {
        return EventBridgeClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(Duration.ofSeconds(2)))
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofSeconds(2)).apiCallTimeout(Duration.ofSeconds(4)))
                .build();
    }

    @Override
    public synchronized void publish(DecisionEvent event) {
        try {
            pending.add(PutEventsRequestEntry.builder()
                    .eventBusName(busName)
                    .source(DecisionEvent.SOURCE)
                    .detailType(event.detailType())
                    .detail(Json.MAPPER.writeValueAsString(event.detail()))
                    .time(clock.instant())
                    .build());
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("cannot encode the {} event: {}", event.detailType(), e.toString());
            metrics.count(FAILED_METRIC);
        }
    }

    @Override
    public synchronized void flush() {
        List<PutEventsRequestEntry> entries = List.copyOf(pending);
        pending.clear();
        for (int from = 0; from < entries.size(); from += MAX_ENTRIES) {
            send(entries.subList(from, Math.min(entries.size(), from + MAX_ENTRIES)));
        }
    }

    private void send(List<PutEventsRequestEntry> batch) {
        PutEventsResponse response;
        try {
            response = client.get().putEvents(b -> b.entries(batch));
        } catch (RuntimeException e) {
            LOG.warn("PutEvents of {} events to bus {} failed: {}", batch.size(), busName, e.toString());
            metrics.count(FAILED_METRIC, batch.size());
            return;
        }
        int failed = 0;
        List<PutEventsResultEntry> results = response.entries();
        for (int i = 0; i < batch.size(); i++) {
            PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
            if (result == null || result.errorCode() != null) {
                failed++;
                LOG.warn("event {} was not put on bus {}: {} {}", batch.get(i).detailType(), busName,
                        result == null ? "no result" : result.errorCode(), result == null ? "" : result.errorMessage());
            }
        }
        metrics.count(PUBLISHED_METRIC, batch.size() - failed);
        if (failed > 0) {
            metrics.count(FAILED_METRIC, failed);
        }
    }
}
