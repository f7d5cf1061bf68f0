package dev.spotter.adapters.dynamodb;

import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.testing.contracts.NodeClaimStoreContract;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeClaimItemsTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void fromItem_whenItemWrittenByToItem_returnsSameClaim() {
        NodeClaim claim = NodeClaimStoreContract.fullClaim("prod", "claim-a").toBuilder().version(4).instanceId("i-0abc")
                .nodeName("ip-10-0-0-1.ec2.internal").providerId("aws:///us-east-1b/i-0abc").build();

        assertThat(NodeClaimItems.fromItem(NodeClaimItems.toItem(claim, NOW))).isEqualTo(claim);
    }

    @Test
    void toItem_keysAndIndexAttributes_followTheDocumentedSchema() {
        NodeClaim claim = NodeClaimStoreContract.fullClaim("prod", "claim-a").toBuilder().instanceId("i-0abc")
                .phase(Phase.LAUNCHED).build();

        Map<String, AttributeValue> item = NodeClaimItems.toItem(claim, NOW);

        assertThat(item.get("pk").s()).isEqualTo("CLUSTER#prod");
        assertThat(item.get("sk").s()).isEqualTo("NODECLAIM#claim-a");
        assertThat(item.get("instanceId").s()).isEqualTo("i-0abc");
        assertThat(item.get("clusterPhase").s()).isEqualTo("prod#LAUNCHED");
        assertThat(item.get("updatedAt").s()).isEqualTo("2025-06-01T12:00:00Z");
        assertThat(item).doesNotContainKeys("expiresAt", "nodeName");
    }

    @Test
    void toItem_whenPriceUnknown_omitsItAndReadsBackNaN() {
        NodeClaim claim = NodeClaimStoreContract.fullClaim("prod", "claim-a").toBuilder().price(Double.NaN).build();

        Map<String, AttributeValue> item = NodeClaimItems.toItem(claim, NOW);

        assertThat(item).doesNotContainKey("price");
        assertThat(NodeClaimItems.fromItem(item).price()).isNaN();
    }

    @Test
    void toItem_whenTombstone_setsTtlRoundedUpToTheSecond() {
        NodeClaim claim = NodeClaimStoreContract.fullClaim("prod", "claim-a").toBuilder().phase(Phase.TERMINATED)
                .tombstoneExpiry(Instant.parse("2025-06-01T13:00:00.001Z")).build();

        assertThat(NodeClaimItems.toItem(claim, NOW).get("expiresAt").n())
                .isEqualTo(Long.toString(Instant.parse("2025-06-01T13:00:01Z").getEpochSecond()));
    }

    @Test
    void fromItem_whenTheClaimIsInADisruptionCommand_readsTheRecordBack() {
        NodeClaim claim = NodeClaimStoreContract.fullClaim("prod", "claim-a").withDisruption(new dev.spotter.nodeclaim.DisruptionRecord(
                "d-0a1b2c3d4e", dev.spotter.nodeclaim.DisruptionRecord.Role.CANDIDATE,
                dev.spotter.nodeclaim.DisruptionRecord.Stage.LAUNCHING, "Underutilized", "global-consolidation",
                NOW.minusSeconds(60), NOW, java.util.List.of("claim-a", "claim-b"), java.util.List.of("claim-r-0a1b2c3d4e"),
                java.util.List.of("shop/web-1"), 0.0174, false));

        Map<String, AttributeValue> item = NodeClaimItems.toItem(claim, NOW);

        assertThat(item.get("disruption").m().get("stage").s()).isEqualTo("LAUNCHING");
        assertThat(NodeClaimItems.fromItem(item)).isEqualTo(claim);
    }

    @Test
    void fromItem_whenTheDisruptionStageIsUnknown_throwsNamingTheAttribute() {
        NodeClaim claim = NodeClaimStoreContract.fullClaim("prod", "claim-a").withDisruption(new dev.spotter.nodeclaim.DisruptionRecord(
                "d-1", dev.spotter.nodeclaim.DisruptionRecord.Role.REPLACEMENT, dev.spotter.nodeclaim.DisruptionRecord.Stage.PROPOSED,
                "Empty", "emptiness", NOW, NOW, java.util.List.of(), java.util.List.of(), java.util.List.of(), 0, false));
        Map<String, AttributeValue> item = new HashMap<>(NodeClaimItems.toItem(claim, NOW));
        Map<String, AttributeValue> record = new HashMap<>(item.get("disruption").m());
        record.put("stage", AttributeValue.fromS("HALF_DONE"));
        item.put("disruption", AttributeValue.fromM(record));

        assertThatThrownBy(() -> NodeClaimItems.fromItem(item))
                .isInstanceOf(MalformedItemException.class)
                .hasMessageContaining("disruption")
                .hasMessageContaining("HALF_DONE");
    }

    @Test
    void fromItem_whenVersionMissing_throwsNamingItemAndAttribute() {
        Map<String, AttributeValue> item = new HashMap<>(NodeClaimItems.toItem(NodeClaimStoreContract.fullClaim("prod", "claim-a"), NOW));
        item.remove("version");

        assertThatThrownBy(() -> NodeClaimItems.fromItem(item))
                .isInstanceOf(MalformedItemException.class)
                .hasMessageContaining("CLUSTER#prod / NODECLAIM#claim-a")
                .hasMessageContaining("'version'");
    }

    @Test
    void fromItem_whenConditionStatusNotBoolean_throwsNamingCondition() {
        Map<String, AttributeValue> item = new HashMap<>(NodeClaimItems.toItem(NodeClaimStoreContract.fullClaim("prod", "claim-a"), NOW));
        item.put("conditions", AttributeValue.fromL(java.util.List.of(AttributeValue.fromM(Map.of(
                "type", AttributeValue.fromS("Launched"), "status", AttributeValue.fromS("True"))))));

        assertThatThrownBy(() -> NodeClaimItems.fromItem(item))
                .isInstanceOf(MalformedItemException.class)
                .hasMessageContaining("conditions[0]")
                .hasMessageContaining("'status'");
    }
}
