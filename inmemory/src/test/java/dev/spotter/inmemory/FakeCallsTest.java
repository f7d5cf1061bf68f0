package dev.spotter.inmemory;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.nodeclaim.VersionConflictException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeCallsTest {
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    static NodeClaim claim(String cluster, String name) {
        return NodeClaim.builder().name(name).cluster(cluster).nodePool("default").nodeClass("default")
                .instanceTypes(List.of("m5.large")).phase(Phase.PLANNED).build();
    }

    @Test
    void calls_whenStoreUsed_listsEachCallInOrder() {
        InMemoryNodeClaimStore store = new InMemoryNodeClaimStore();
        NodeClaim v1 = store.create(claim("c1", "claim-a"), T0);
        store.update(v1.withPhase(Phase.LAUNCHED), T0);
        store.listActive("c1");

        assertThat(store.calls()).containsExactly("create c1/claim-a", "update c1/claim-a v1", "listActive c1");
        assertThat(store.calls("update")).containsExactly("update c1/claim-a v1");
    }

    @Test
    void failNext_whenQueued_throwsOnceWithoutChangingState() {
        InMemoryNodeClaimStore store = new InMemoryNodeClaimStore();
        NodeClaim v1 = store.create(claim("c1", "claim-a"), T0);
        store.failNext("update", new IllegalStateException("throttled"));

        assertThatThrownBy(() -> store.update(v1.withPhase(Phase.LAUNCHED), T0)).hasMessage("throttled");
        assertThat(store.get("c1", "claim-a").orElseThrow().version()).isEqualTo(1);
        assertThat(store.update(v1.withPhase(Phase.LAUNCHED), T0).version()).isEqualTo(2);
    }

    @Test
    void seed_whenGivenVersion_storesItAsIs() {
        InMemoryNodeClaimStore store = new InMemoryNodeClaimStore();
        store.seed(claim("c1", "claim-a").toBuilder().version(7).build());

        assertThat(store.get("c1", "claim-a").orElseThrow().version()).isEqualTo(7);
        assertThat(store.calls()).containsExactly("get c1/claim-a");
    }

    @Test
    void reason_whenMarked_keepsLastReason() {
        InMemoryUnavailableOfferings offerings = new InMemoryUnavailableOfferings();
        OfferingKey key = new OfferingKey(CapacityType.SPOT, "m7i.large", "us-east-1a");
        offerings.markUnavailable(key, "InsufficientInstanceCapacity", T0);

        assertThat(offerings.reason(key)).isEqualTo("InsufficientInstanceCapacity");
        assertThat(offerings.calls()).containsExactly("markUnavailable spot:m7i.large:us-east-1a InsufficientInstanceCapacity");
    }

    @Test
    void faultAfter_whenTimeout_keepsTheEffectButLosesTheResult() {
        InMemoryNodeClaimStore store = new InMemoryNodeClaimStore();
        store.faults(new FaultHook() {
            @Override
            public FaultKind after(PortCall call) {
                return call.method().equals("create") ? FaultKind.TIMEOUT : null;
            }
        });

        assertThatThrownBy(() -> store.create(claim("c1", "claim-a"), T0)).isInstanceOf(InjectedFault.class)
                .hasMessageContaining("TIMEOUT at nodeclaims.create c1/claim-a");
        assertThat(store.get("c1", "claim-a")).isPresent();
    }

    @Test
    void faultBefore_whenConditionalFailure_isAVersionConflictAndChangesNothing() {
        InMemoryNodeClaimStore store = new InMemoryNodeClaimStore();
        store.faults(new FaultHook() {
            @Override
            public FaultKind before(PortCall call) {
                return call.method().equals("create") ? FaultKind.CONDITIONAL_FAILURE : null;
            }
        });

        assertThatThrownBy(() -> store.create(claim("c1", "claim-a"), T0)).isInstanceOf(VersionConflictException.class);
        assertThat(store.get("c1", "claim-a")).isEmpty();
    }

    @Test
    void leaseConditionalFailure_isARefusalNotAnError() {
        InMemoryProvisioningLease lease = new InMemoryProvisioningLease();
        lease.faults(new FaultHook() {
            @Override
            public FaultKind before(PortCall call) {
                return FaultKind.CONDITIONAL_FAILURE;
            }
        });

        assertThat(lease.tryAcquire("c1", "a", Duration.ofMinutes(1), T0)).isEmpty();
        assertThat(lease.current("c1")).isEmpty();
    }

    @Test
    void seededFaults_afterACrash_crashEveryLaterCallOfThatInvocationOnly() {
        SeededFaults faults = new SeededFaults(7, 0, 1.0);
        InMemoryNodeClaimStore store = new InMemoryNodeClaimStore();
        store.faults(faults);

        faults.begin();
        assertThatThrownBy(() -> store.listActive("c1")).isInstanceOf(InvocationCrash.class);
        faults.active(false);
        assertThatThrownBy(() -> store.listActive("c1")).as("a dead invocation makes no more calls")
                .isInstanceOf(InvocationCrash.class);
        faults.end();

        faults.begin();
        assertThat(store.listActive("c1")).isEmpty();
        faults.end();
        assertThat(faults.injected()).containsEntry(FaultKind.CRASH, 1);
    }

    @Test
    void seededFaults_sameSeed_injectSameFaults() {
        assertThat(run(42)).isEqualTo(run(42));
        assertThat(run(42)).isNotEqualTo(run(43));
    }

    private static List<String> run(long seed) {
        SeededFaults faults = new SeededFaults(seed, 0.5, 0);
        InMemoryNodeClaimStore store = new InMemoryNodeClaimStore();
        store.faults(faults);
        faults.begin();
        List<String> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            try {
                store.create(claim("c1", "claim-" + i), T0);
                outcomes.add("ok");
            } catch (RuntimeException e) {
                outcomes.add(e.getClass().getSimpleName());
            }
        }
        faults.end();
        return outcomes;
    }
}
