package dev.spotter.interruption;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.interruption.InterruptionStep.Drain;
import dev.spotter.interruption.InterruptionStep.DrainWhenReplacementReady;
import dev.spotter.interruption.InterruptionStep.LaunchReplacement;
import dev.spotter.interruption.InterruptionStep.MarkOfferingUnavailable;
import dev.spotter.interruption.InterruptionStep.ProvisionNow;
import dev.spotter.interruption.InterruptionStep.Retire;
import dev.spotter.interruption.InterruptionStep.TaintDisrupted;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterruptionPolicyTest {
    private static final String SPOT_INSTANCE = "i-1234567890abcdef0";
    private static final String STATE_INSTANCE = "i-0abcd1111aaaa2222";

    private final InterruptionParsers parsers = InterruptionParsers.defaults(new ObjectMapper());
    private final InterruptionPolicy off = new InterruptionPolicy(RebalanceMode.OFF);
    private final InterruptionPolicy replace = new InterruptionPolicy(RebalanceMode.REPLACE);

    @Test
    void decide_whenSpotInterruption_marksOfferingTaintsDrainsProvisionsAndRetires() {
        NodeClaim claim = claim("web-abc12", SPOT_INSTANCE, Phase.INITIALIZED);

        InterruptionAction action = single(off.decide(event("spot-interruption"), Map.of(SPOT_INSTANCE, claim)));

        assertThat(action.steps()).containsExactly(
                new MarkOfferingUnavailable(new OfferingKey(CapacityType.SPOT, "m5.large", "us-east-1a")),
                new TaintDisrupted(), new Drain(), new ProvisionNow(), new Retire());
        assertThat(action.claim()).contains(claim);
        assertThat(action.instanceId()).isEqualTo(SPOT_INSTANCE);
    }

    @Test
    void decide_whenSpotInterruptionForAClaimWithoutLaunchDetails_skipsMarkingTheOffering() {
        NodeClaim claim = claim("web-abc12", SPOT_INSTANCE, Phase.LAUNCHED).toBuilder().zone(null).build();

        InterruptionAction action = single(off.decide(event("spot-interruption"), Map.of(SPOT_INSTANCE, claim)));

        assertThat(action.has(MarkOfferingUnavailable.class)).isFalse();
        assertThat(action.steps()).containsExactly(new TaintDisrupted(), new Drain(), new ProvisionNow(), new Retire());
    }

    @Test
    void decide_whenSpotInterruptionWhileAlreadyDraining_onlyMarksTheOffering() {
        NodeClaim claim = claim("web-abc12", SPOT_INSTANCE, Phase.DRAINING);

        InterruptionAction action = single(off.decide(event("spot-interruption"), Map.of(SPOT_INSTANCE, claim)));

        assertThat(action.steps()).containsExactly(
                new MarkOfferingUnavailable(new OfferingKey(CapacityType.SPOT, "m5.large", "us-east-1a")));
        assertThat(action.reason()).contains("already draining");
    }

    @Test
    void decide_whenRebalanceAndModeOff_logsOnly() {
        NodeClaim claim = claim("web-abc12", SPOT_INSTANCE, Phase.INITIALIZED);

        InterruptionAction action = single(off.decide(event("rebalance-recommendation"), Map.of(SPOT_INSTANCE, claim)));

        assertThat(action.isNoOp()).isTrue();
        assertThat(action.reason()).contains("rebalance mode off");
    }

    @Test
    void decide_whenRebalanceAndModeReplace_launchesReplacementThenDrainsWhenReady() {
        NodeClaim claim = claim("web-abc12", SPOT_INSTANCE, Phase.INITIALIZED);

        InterruptionAction action =
                single(replace.decide(event("rebalance-recommendation"), Map.of(SPOT_INSTANCE, claim)));

        assertThat(action.steps()).containsExactly(new LaunchReplacement(), new DrainWhenReplacementReady());
    }

    @Test
    void decide_whenRebalanceAndModeReplaceButAlreadyTerminating_doesNothing() {
        NodeClaim claim = claim("web-abc12", SPOT_INSTANCE, Phase.TERMINATING);

        InterruptionAction action =
                single(replace.decide(event("rebalance-recommendation"), Map.of(SPOT_INSTANCE, claim)));

        assertThat(action.isNoOp()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stopping", "stopped", "shutting-down", "terminated"})
    void decide_whenInstanceLeaves_drainsAndRetires(String state) {
        NodeClaim claim = claim("batch-x1y2z", STATE_INSTANCE, Phase.INITIALIZED);

        InterruptionAction action =
                single(off.decide(event("state-change-" + state), Map.of(STATE_INSTANCE, claim)));

        assertThat(action.steps()).containsExactly(new Drain(), new Retire());
        assertThat(action.reason()).contains(state);
    }

    @Test
    void decide_whenInstanceIsRunning_doesNothing() {
        NodeClaim claim = claim("batch-x1y2z", STATE_INSTANCE, Phase.LAUNCHED);

        InterruptionAction action = single(off.decide(event("state-change-running"), Map.of(STATE_INSTANCE, claim)));

        assertThat(action.isNoOp()).isTrue();
        assertThat(action.reason()).contains("running");
    }

    @Test
    void decide_whenScheduledChange_drainsAndRetiresOnlyTheOwnedInstances() {
        NodeClaim owned = claim("batch-x1y2z", STATE_INSTANCE, Phase.REGISTERED);

        List<InterruptionAction> actions = off.decide(event("scheduled-change"), Map.of(STATE_INSTANCE, owned));

        assertThat(actions).hasSize(2);
        assertThat(actions.get(0).instanceId()).isEqualTo(STATE_INSTANCE);
        assertThat(actions.get(0).steps()).containsExactly(new Drain(), new Retire());
        assertThat(actions.get(1).instanceId()).isEqualTo("i-0abcd3333bbbb4444");
        assertThat(actions.get(1).isNoOp()).isTrue();
        assertThat(actions.get(1).claim()).isEmpty();
        assertThat(actions.get(1).reason()).contains("no NodeClaim owns");
    }

    @Test
    void decide_whenCapacityReservationInterruption_drainsAndRetires() {
        NodeClaim claim = claim("gpu-q9w8e", "i-0fedcba9876543210", Phase.INITIALIZED).toBuilder()
                .capacityType(CapacityType.ON_DEMAND).build();

        InterruptionAction action = single(off.decide(event("capacity-reservation-interruption"),
                Map.of("i-0fedcba9876543210", claim)));

        assertThat(action.steps()).containsExactly(new Drain(), new Retire());
    }

    @Test
    void decide_whenNoNodeClaimOwnsTheInstance_doesNothing() {
        InterruptionAction action = single(off.decide(event("spot-interruption"), Map.of()));

        assertThat(action.isNoOp()).isTrue();
        assertThat(action.claim()).isEmpty();
    }

    @Test
    void decide_whenClaimAlreadyRetired_doesNothing() {
        NodeClaim claim = claim("web-abc12", SPOT_INSTANCE, Phase.TERMINATED);

        InterruptionAction action = single(off.decide(event("spot-interruption"), Map.of(SPOT_INSTANCE, claim)));

        assertThat(action.isNoOp()).isTrue();
        assertThat(action.reason()).contains("already retired");
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown-kind", "health-issue-not-scheduled"})
    void decide_whenEventIsNoOp_returnsNoActions(String fixture) {
        assertThat(off.decide(event(fixture), Map.of(SPOT_INSTANCE, claim("web-abc12", SPOT_INSTANCE,
                Phase.INITIALIZED)))).isEmpty();
    }

    @Test
    void rebalanceMode_fromString_acceptsOffAndReplaceAndRejectsOthers() {
        assertThat(RebalanceMode.fromString("off")).isEqualTo(RebalanceMode.OFF);
        assertThat(RebalanceMode.fromString(" Replace ")).isEqualTo(RebalanceMode.REPLACE);
        assertThatThrownBy(() -> RebalanceMode.fromString("drain"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("off, replace");
    }

    private InterruptionEvent event(String name) {
        return parsers.parse(EventFixtures.read("eventbridge/" + name + ".json"));
    }

    private static InterruptionAction single(List<InterruptionAction> actions) {
        assertThat(actions).hasSize(1);
        return actions.get(0);
    }

    private static NodeClaim claim(String name, String instanceId, Phase phase) {
        return NodeClaim.builder().name(name).cluster("demo").nodePool("default").nodeClass("default")
                .capacityType(CapacityType.SPOT).instanceType("m5.large").zone("us-east-1a").instanceId(instanceId)
                .nodeName("ip-10-0-1-23.ec2.internal").phase(phase).version(3).build();
    }
}
