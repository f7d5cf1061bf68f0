package dev.spotter.interruption;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterruptionParsersTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final InterruptionParsers parsers = InterruptionParsers.defaults(mapper);

    @Test
    void parse_whenSpotInterruptionWarning_returnsSpotInterruptionForItsInstance() {
        InterruptionEvent event = parsers.parse(EventFixtures.read("eventbridge/spot-interruption.json"));

        assertThat(event.kind()).isEqualTo(InterruptionKind.SPOT_INTERRUPTION);
        assertThat(event.id()).isEqualTo("1e5527d7-bb36-4607-3370-4164db56a40e");
        assertThat(event.time()).isEqualTo(Instant.parse("2025-11-03T14:05:11Z"));
        assertThat(event.instanceIds()).containsExactly("i-1234567890abcdef0");
        assertThat(event.key()).isEqualTo(SpotInterruptionParser.KEY);
        assertThat(event.state()).isEmpty();
    }

    @Test
    void parse_whenRebalanceRecommendation_returnsRebalanceRecommendation() {
        InterruptionEvent event = parsers.parse(EventFixtures.read("eventbridge/rebalance-recommendation.json"));

        assertThat(event.kind()).isEqualTo(InterruptionKind.REBALANCE_RECOMMENDATION);
        assertThat(event.instanceIds()).containsExactly("i-1234567890abcdef0");
        assertThat(event.time()).isEqualTo(Instant.parse("2025-11-03T13:58:40Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"stopping", "stopped", "shutting-down", "terminated", "running"})
    void parse_whenStateChange_returnsStateChangeWithTheState(String state) {
        InterruptionEvent event = parsers.parse(EventFixtures.read("eventbridge/state-change-" + state + ".json"));

        assertThat(event.kind()).isEqualTo(InterruptionKind.STATE_CHANGE);
        assertThat(event.state()).isEqualTo(state);
        assertThat(event.instanceIds()).containsExactly("i-0abcd1111aaaa2222");
    }

    @Test
    void parse_whenHealthScheduledChangeForEc2_returnsScheduledChangeForEveryAffectedEntity() {
        InterruptionEvent event = parsers.parse(EventFixtures.read("eventbridge/scheduled-change.json"));

        assertThat(event.kind()).isEqualTo(InterruptionKind.SCHEDULED_CHANGE);
        assertThat(event.instanceIds()).containsExactly("i-0abcd1111aaaa2222", "i-0abcd3333bbbb4444");
        assertThat(event.description()).contains("AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED");
    }

    @Test
    void parse_whenHealthEventOfAnotherCategory_returnsNoOpSayingWhy() {
        InterruptionEvent event = parsers.parse(EventFixtures.read("eventbridge/health-issue-not-scheduled.json"));

        assertThat(event.kind()).isEqualTo(InterruptionKind.NO_OP);
        assertThat(event.instanceIds()).isEmpty();
        assertThat(event.description()).contains("issue").contains("not watched");
    }

    @Test
    void parse_whenCapacityReservationInterruption_returnsItWithTheTerminationTime() {
        InterruptionEvent event =
                parsers.parse(EventFixtures.read("eventbridge/capacity-reservation-interruption.json"));

        assertThat(event.kind()).isEqualTo(InterruptionKind.CAPACITY_RESERVATION_INTERRUPTION);
        assertThat(event.instanceIds()).containsExactly("i-0fedcba9876543210");
        assertThat(event.description()).contains("2025-11-03T15:22:00Z");
    }

    @Test
    void parse_whenNoParserForTheKind_returnsNoOpNamingTheKey() {
        InterruptionEvent event = parsers.parse(EventFixtures.read("eventbridge/unknown-kind.json"));

        assertThat(event.kind()).isEqualTo(InterruptionKind.NO_OP);
        assertThat(event.key()).isEqualTo(new EventKey("aws.ebs", "EBS Volume Notification", "0"));
        assertThat(event.id()).isEqualTo("9a8b7c6d-5e4f-3a2b-1c0d-ef1234567890");
        assertThat(event.description()).contains("aws.ebs/EBS Volume Notification/v0");
    }

    @Test
    void parse_whenKnownKindButAnotherVersion_returnsNoOp() {
        ObjectNode event = fixture("eventbridge/spot-interruption.json");
        event.put("version", "1");

        assertThat(parsers.parse(event.toString()).kind()).isEqualTo(InterruptionKind.NO_OP);
    }

    @Test
    void parse_whenBodyIsNotJson_failsNamingTheBody() {
        assertThatThrownBy(() -> parsers.parse("this is not JSON: {instance-id: i-1234567890abcdef0"))
                .isInstanceOf(InterruptionParseException.class)
                .extracting(e -> ((InterruptionParseException) e).field()).isEqualTo("body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[]", "42"})
    void parse_whenBodyIsEmptyOrNotAnObject_failsNamingTheBody(String body) {
        assertThatThrownBy(() -> parsers.parse(body))
                .isInstanceOf(InterruptionParseException.class)
                .extracting(e -> ((InterruptionParseException) e).field()).isEqualTo("body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"source", "detail-type", "version", "id", "time"})
    void parse_whenEnvelopeFieldMissing_failsNamingIt(String field) {
        ObjectNode event = fixture("eventbridge/spot-interruption.json");
        event.remove(field);

        assertThatThrownBy(() -> parsers.parse(event.toString()))
                .isInstanceOf(InterruptionParseException.class)
                .hasMessageContaining("'" + field + "'")
                .extracting(e -> ((InterruptionParseException) e).field()).isEqualTo(field);
    }

    @Test
    void parse_whenTimeIsNotIso8601_failsNamingTime() {
        ObjectNode event = fixture("eventbridge/spot-interruption.json");
        event.put("time", "yyyy-mm-ddThh:mm:ssZ");

        assertThatThrownBy(() -> parsers.parse(event.toString()))
                .isInstanceOf(InterruptionParseException.class)
                .hasMessageContaining("ISO-8601")
                .extracting(e -> ((InterruptionParseException) e).field()).isEqualTo("time");
    }

    @Test
    void parse_whenDetailMissing_failsNamingDetail() {
        ObjectNode event = fixture("eventbridge/state-change-terminated.json");
        event.remove("detail");

        assertThat(fieldOfFailure(event)).isEqualTo("detail");
    }

    @Test
    void parse_whenInstanceIdMissing_failsNamingIt() {
        ObjectNode event = fixture("eventbridge/spot-interruption.json");
        ((ObjectNode) event.get("detail")).remove("instance-id");

        assertThat(fieldOfFailure(event)).isEqualTo("detail.instance-id");
    }

    @Test
    void parse_whenInstanceIdIsANumber_failsNamingIt() {
        ObjectNode event = fixture("eventbridge/capacity-reservation-interruption.json");
        ((ObjectNode) event.get("detail")).put("instance-id", 42);

        assertThat(fieldOfFailure(event)).isEqualTo("detail.instance-id");
    }

    @Test
    void parse_whenInstanceIdIsNotAnInstanceId_failsNamingIt() {
        ObjectNode event = fixture("eventbridge/rebalance-recommendation.json");
        ((ObjectNode) event.get("detail")).put("instance-id", "[instance-id]");

        assertThatThrownBy(() -> parsers.parse(event.toString()))
                .isInstanceOf(InterruptionParseException.class)
                .hasMessageContaining("not an EC2 instance id");
    }

    @Test
    void parse_whenStateMissing_failsNamingIt() {
        ObjectNode event = fixture("eventbridge/state-change-stopping.json");
        ((ObjectNode) event.get("detail")).remove("state");

        assertThat(fieldOfFailure(event)).isEqualTo("detail.state");
    }

    @Test
    void parse_whenStateInUpperCase_normalisesIt() {
        ObjectNode event = fixture("eventbridge/state-change-stopping.json");
        ((ObjectNode) event.get("detail")).put("state", "STOPPING");

        assertThat(parsers.parse(event.toString()).state()).isEqualTo("stopping");
    }

    @Test
    void parse_whenAffectedEntityHasNoValue_failsNamingItsIndex() {
        ObjectNode event = fixture("eventbridge/scheduled-change.json");
        ((ObjectNode) event.get("detail").get("affectedEntities").get(1)).remove("entityValue");

        assertThat(fieldOfFailure(event)).isEqualTo("detail.affectedEntities[1].entityValue");
    }

    @Test
    void parse_whenAffectedEntitiesIsNotAnArray_failsNamingIt() {
        ObjectNode event = fixture("eventbridge/scheduled-change.json");
        ((ObjectNode) event.get("detail")).put("affectedEntities", "i-0abcd1111aaaa2222");

        assertThat(fieldOfFailure(event)).isEqualTo("detail.affectedEntities");
    }

    @Test
    void of_whenTwoParsersShareAKey_rejectsTheRegistry() {
        assertThatThrownBy(() -> InterruptionParsers.of(mapper,
                List.of(new SpotInterruptionParser(), new SpotInterruptionParser())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EC2 Spot Instance Interruption Warning");
    }

    @Test
    void of_whenAParserIsLeftOut_itsEventsBecomeNoOps() {
        InterruptionParsers withoutSpot = InterruptionParsers.of(mapper, List.of(new StateChangeParser()));

        assertThat(withoutSpot.parse(EventFixtures.read("eventbridge/spot-interruption.json")).kind())
                .isEqualTo(InterruptionKind.NO_OP);
        assertThat(withoutSpot.parse(EventFixtures.read("eventbridge/state-change-stopped.json")).kind())
                .isEqualTo(InterruptionKind.STATE_CHANGE);
    }

    private String fieldOfFailure(ObjectNode event) {
        try {
            parsers.parse(event.toString());
        } catch (InterruptionParseException e) {
            return e.field();
        }
        throw new AssertionError("expected the event to be rejected: " + event);
    }

    private ObjectNode fixture(String path) {
        try {
            return (ObjectNode) mapper.readTree(EventFixtures.read(path));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
