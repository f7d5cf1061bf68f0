package dev.spotter.adapters.eventbridge;

import dev.spotter.events.DecisionEvent;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.RecordingSpotterMetrics;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class EventBridgeDecisionEventsTest {
    private final RecordingSpotterMetrics metrics = new RecordingSpotterMetrics();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    private final List<PutEventsRequest> requests = new ArrayList<>();

    /** A client whose PutEvents answers with {@code answer}; every other call is unsupported. */
    private EventBridgeClient client(Function<PutEventsRequest, PutEventsResponse> answer) {
        return new EventBridgeClient() {
            @Override
            public PutEventsResponse putEvents(PutEventsRequest request) {
                requests.add(request);
                return answer.apply(request);
            }

            @Override
            public String serviceName() {
                return "events";
            }

            @Override
            public void close() {
            }
        };
    }

    private static PutEventsResponse allAccepted(PutEventsRequest request) {
        return PutEventsResponse.builder().failedEntryCount(0).entries(request.entries().stream()
                .map(e -> PutEventsResultEntry.builder().eventId("id").build()).toList()).build();
    }

    private static DecisionEvent launched(int i) {
        return new DecisionEvent.NodeClaimLaunched("demo", "default-" + i, "default", "i-" + i, "m7g.large", "spot",
                "us-east-1a", Double.NaN, List.of("shop/web-" + i));
    }

    @Test
    void publish_sendsNothingUntilFlush_thenTenEntriesPerCall() {
        EventBridgeDecisionEvents events = new EventBridgeDecisionEvents(() -> client(EventBridgeDecisionEventsTest::allAccepted),
                "spotter-demo", metrics, clock);
        for (int i = 0; i < 23; i++) {
            events.publish(launched(i));
        }
        assertThat(requests).isEmpty();

        events.flush();
        events.flush();

        assertThat(requests).extracting(r -> r.entries().size()).containsExactly(10, 10, 3);
        assertThat(requests.get(0).entries().get(0).source()).isEqualTo("spotter");
        assertThat(requests.get(0).entries().get(0).detailType()).isEqualTo("NodeClaim Launched");
        assertThat(requests.get(0).entries().get(0).eventBusName()).isEqualTo("spotter-demo");
        assertThat(requests.get(0).entries().get(0).time()).isEqualTo(clock.instant());
        assertThat(metrics.total(EventBridgeDecisionEvents.PUBLISHED_METRIC)).isEqualTo(23);
    }

    @Test
    void flush_writesTheDetailAsJson_withAnUnknownPriceAsNull() throws Exception {
        EventBridgeDecisionEvents events = new EventBridgeDecisionEvents(() -> client(EventBridgeDecisionEventsTest::allAccepted),
                "default", metrics, clock);
        events.publish(launched(1));

        events.flush();

        var detail = Json.MAPPER.readTree(requests.get(0).entries().get(0).detail());
        assertThat(detail.path("cluster").asText()).isEqualTo("demo");
        assertThat(detail.path("nodeClaim").asText()).isEqualTo("default-1");
        assertThat(detail.path("pricePerHour").isNull()).isTrue();
        assertThat(detail.path("pods").get(0).asText()).isEqualTo("shop/web-1");
    }

    @Test
    void flush_whenSomeEntriesAreRejected_countsThemAsFailedAndTheRestAsPublished() {
        EventBridgeDecisionEvents events = new EventBridgeDecisionEvents(() -> client(request -> PutEventsResponse.builder()
                .failedEntryCount(1).entries(
                        PutEventsResultEntry.builder().eventId("a").build(),
                        PutEventsResultEntry.builder().errorCode("ThrottlingException").errorMessage("slow down").build(),
                        PutEventsResultEntry.builder().eventId("c").build()).build()), "spotter-demo", metrics, clock);
        for (int i = 0; i < 3; i++) {
            events.publish(launched(i));
        }

        events.flush();

        assertThat(metrics.total(EventBridgeDecisionEvents.PUBLISHED_METRIC)).isEqualTo(2);
        assertThat(metrics.total(EventBridgeDecisionEvents.FAILED_METRIC)).isEqualTo(1);
    }

    @Test
    void flush_whenTheCallFails_countsEveryEntryAsFailedAndDoesNotThrow() {
        EventBridgeDecisionEvents events = new EventBridgeDecisionEvents(() -> client(request -> {
            throw SdkClientException.create("connection refused");
        }), "spotter-demo", metrics, clock);
        for (int i = 0; i < 12; i++) {
            events.publish(launched(i));
        }

        events.flush();

        assertThat(requests).hasSize(2);
        assertThat(metrics.total(EventBridgeDecisionEvents.FAILED_METRIC)).isEqualTo(12);
    }
}
