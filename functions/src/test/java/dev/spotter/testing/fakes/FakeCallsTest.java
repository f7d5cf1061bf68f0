package dev.spotter.testing.fakes;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.testing.contracts.NodeClaimStoreContract;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeCallsTest {
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void calls_whenStoreUsed_listsEachCallInOrder() {
        InMemoryNodeClaimStore store = new InMemoryNodeClaimStore();
        NodeClaim v1 = store.create(NodeClaimStoreContract.fullClaim("c1", "claim-a"), T0);
        store.update(v1.withPhase(Phase.LAUNCHED), T0);
        store.listActive("c1");

        assertThat(store.calls()).containsExactly("create c1/claim-a", "update c1/claim-a v1", "listActive c1");
        assertThat(store.calls("update")).containsExactly("update c1/claim-a v1");
    }

    @Test
    void failNext_whenQueued_throwsOnceWithoutChangingState() {
        InMemoryNodeClaimStore store = new InMemoryNodeClaimStore();
        NodeClaim v1 = store.create(NodeClaimStoreContract.fullClaim("c1", "claim-a"), T0);
        store.failNext("update", new IllegalStateException("throttled"));

        assertThatThrownBy(() -> store.update(v1.withPhase(Phase.LAUNCHED), T0)).hasMessage("throttled");
        assertThat(store.get("c1", "claim-a").orElseThrow().version()).isEqualTo(1);
        assertThat(store.update(v1.withPhase(Phase.LAUNCHED), T0).version()).isEqualTo(2);
    }

    @Test
    void seed_whenGivenVersion_storesItAsIs() {
        InMemoryNodeClaimStore store = new InMemoryNodeClaimStore();
        store.seed(NodeClaimStoreContract.fullClaim("c1", "claim-a").toBuilder().version(7).build());

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
}
