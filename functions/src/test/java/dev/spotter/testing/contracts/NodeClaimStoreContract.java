package dev.spotter.testing.contracts;

import dev.spotter.catalog.CapacityType;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.nodeclaim.Condition;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.NodeClaimStore;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.nodeclaim.VersionConflictException;
import dev.spotter.testing.Races;
import dev.spotter.testing.TestAws;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every NodeClaimStore must do, run against DynamoDB (DynamoDbNodeClaimStoreIT) and the in-memory fake
 * (InMemoryNodeClaimStoreTest) so that unit tests using the fake see the real store's behaviour. Each test works in
 * its own cluster, so implementations may share one table across tests.
 */
public abstract class NodeClaimStoreContract {
    protected static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    protected final String cluster = TestAws.uniqueName("cluster");

    protected abstract NodeClaimStore store();

    /**
     * Reads a secondary index until {@code done} holds; stores whose indexes lag (DynamoDB GSIs) override this to
     * retry for a while. The default reads once.
     */
    protected <T> T readIndex(Supplier<T> read, Predicate<T> done) {
        return read.get();
    }

    public static NodeClaim fullClaim(String cluster, String name) {
        return NodeClaim.builder()
                .name(name)
                .cluster(cluster)
                .nodePool("default")
                .nodeClass("default-class")
                .requirements(List.of(
                        Requirement.in("karpenter.sh/capacity-type", "spot", "on-demand"),
                        Requirement.of("node.kubernetes.io/instance-type", Operator.NOT_IN, List.of("t3.nano"), 5),
                        Requirement.of("karpenter.k8s.aws/instance-cpu", Operator.GT, List.of("3"))
                                .intersect(Requirement.of("karpenter.k8s.aws/instance-cpu", Operator.LTE, List.of("64"))),
                        Requirement.exists("karpenter.k8s.aws/instance-gpu-count"),
                        Requirement.doesNotExist("example.com/forbidden")))
                .instanceTypes(List.of("m7i.large", "m6i.large", "c7i.xlarge"))
                .capacityType(CapacityType.SPOT)
                .zones(List.of("us-east-1a", "us-east-1b"))
                .zone("us-east-1b")
                .instanceId(null)
                .instanceType("m7i.large")
                .price(0.0345)
                .nodeName(null)
                .providerId(null)
                .phase(Phase.PLANNED)
                .conditions(List.of(
                        new Condition("Launched", false, "Pending", "waiting for CreateFleet", T0),
                        new Condition("Registered", false, null, null, T0.plusMillis(1))))
                .pods(List.of("default/web-1", "default/web-2"))
                .createdAt(T0)
                .build();
    }

    private NodeClaim claim(String name) {
        return fullClaim(cluster, name);
    }

    @Test
    void create_whenNew_storesEveryFieldAtVersionOne() {
        NodeClaim created = store().create(claim("claim-a"), T0.plusSeconds(5));

        assertThat(created.version()).isEqualTo(1);
        assertThat(store().get(cluster, "claim-a")).contains(created);
        assertThat(created).usingRecursiveComparison().ignoringFields("version").isEqualTo(claim("claim-a"));
        assertThat(created.requirements().get(2).greaterThan()).hasValue(3);
        assertThat(created.requirements().get(2).lessThan()).hasValue(65);
    }

    @Test
    void create_whenCreatedAtMissing_stampsNow() {
        NodeClaim created = store().create(claim("claim-a").toBuilder().createdAt(null).build(), T0.plusSeconds(7));

        assertThat(store().get(cluster, "claim-a").orElseThrow().createdAt()).isEqualTo(T0.plusSeconds(7));
        assertThat(created.createdAt()).isEqualTo(T0.plusSeconds(7));
    }

    @Test
    void create_whenNameTaken_throwsVersionConflict() {
        store().create(claim("claim-a"), T0);

        assertThatThrownBy(() -> store().create(claim("claim-a"), T0))
                .isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("claim-a")
                .satisfies(e -> assertThat(((VersionConflictException) e).itemName()).isEqualTo("claim-a"));
    }

    @Test
    void create_whenSameNameInAnotherCluster_storesBoth() {
        String other = TestAws.uniqueName("cluster");
        store().create(claim("claim-a"), T0);
        store().create(fullClaim(other, "claim-a"), T0);

        assertThat(store().get(other, "claim-a")).map(NodeClaim::cluster).contains(other);
        assertThat(store().get(cluster, "claim-a")).map(NodeClaim::cluster).contains(cluster);
    }

    @Test
    void get_whenUnknown_returnsEmpty() {
        assertThat(store().get(cluster, "nobody")).isEmpty();
    }

    @Test
    void update_whenVersionMatches_storesNextVersion() {
        NodeClaim v1 = store().create(claim("claim-a"), T0);

        NodeClaim v2 = store().update(v1.toBuilder().instanceId("i-0abc").phase(Phase.LAUNCHED).price(Double.NaN).build(),
                T0.plusSeconds(1));

        assertThat(v2.version()).isEqualTo(2);
        NodeClaim stored = store().get(cluster, "claim-a").orElseThrow();
        assertThat(stored).isEqualTo(v2);
        assertThat(stored.price()).isNaN();
    }

    @Test
    void update_whenTwoWritersReadTheSameVersion_secondThrowsVersionConflict() {
        NodeClaim v1 = store().create(claim("claim-a"), T0);
        NodeClaim writerA = v1.withPhase(Phase.LAUNCHED);
        NodeClaim writerB = v1.withPhase(Phase.DRAINING);

        store().update(writerA, T0.plusSeconds(1));

        assertThatThrownBy(() -> store().update(writerB, T0.plusSeconds(1)))
                .isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("version 2");
        assertThat(store().get(cluster, "claim-a").orElseThrow().phase()).isEqualTo(Phase.LAUNCHED);
    }

    @Test
    void update_whenWritersRaceOnThreads_exactlyOneWins() throws Exception {
        NodeClaim v1 = store().create(claim("claim-a"), T0);
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            NodeClaim mine = v1.toBuilder().nodeName("node-" + i).build();
            attempts.add(() -> {
                try {
                    store().update(mine, T0.plusSeconds(1));
                    return true;
                } catch (VersionConflictException e) {
                    return false;
                }
            });
        }

        List<Boolean> won = Races.runTogether(attempts);

        assertThat(won).containsOnlyOnce(true);
        assertThat(store().get(cluster, "claim-a").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void update_whenClaimMissing_throwsVersionConflict() {
        NodeClaim never = claim("claim-x").toBuilder().version(1).build();

        assertThatThrownBy(() -> store().update(never, T0))
                .isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("no longer exists");
        assertThat(store().get(cluster, "claim-x")).isEmpty();
    }

    @Test
    void delete_whenVersionMatches_removesClaim() {
        NodeClaim v1 = store().create(claim("claim-a"), T0);

        store().delete(v1);

        assertThat(store().get(cluster, "claim-a")).isEmpty();
    }

    @Test
    void delete_whenVersionStale_throwsVersionConflictAndKeepsClaim() {
        NodeClaim v1 = store().create(claim("claim-a"), T0);
        store().update(v1.withPhase(Phase.LAUNCHED), T0);

        assertThatThrownBy(() -> store().delete(v1)).isInstanceOf(VersionConflictException.class);
        assertThat(store().get(cluster, "claim-a")).isPresent();
    }

    @Test
    void findByInstanceId_whenLaunched_returnsLatestVersion() {
        NodeClaim v1 = store().create(claim("claim-a"), T0);
        store().create(claim("claim-b"), T0);
        NodeClaim v2 = store().update(v1.toBuilder().instanceId("i-0123456789abcdef0").phase(Phase.LAUNCHED).build(), T0);
        NodeClaim v3 = store().update(v2.withPhase(Phase.REGISTERED), T0);

        Optional<NodeClaim> found = readIndex(() -> store().findByInstanceId(cluster, "i-0123456789abcdef0"),
                claim -> claim.map(NodeClaim::version).orElse(0L) == 3L);

        assertThat(found).contains(v3);
    }

    @Test
    void findByInstanceId_whenInstanceUnknownOrInAnotherCluster_returnsEmpty() {
        String other = TestAws.uniqueName("cluster");
        store().create(fullClaim(other, "claim-a").toBuilder().instanceId("i-0other").build(), T0);

        assertThat(store().findByInstanceId(cluster, "i-0other")).isEmpty();
        assertThat(store().findByInstanceId(cluster, "i-0nothing")).isEmpty();
    }

    @Test
    void listByPhase_returnsOnlyClaimsOfThatPhaseAndCluster() {
        store().create(claim("claim-a").withPhase(Phase.LAUNCHED), T0);
        store().create(claim("claim-b").withPhase(Phase.LAUNCHED), T0);
        store().create(claim("claim-c").withPhase(Phase.DRAINING), T0);
        store().create(fullClaim(TestAws.uniqueName("cluster"), "claim-d").withPhase(Phase.LAUNCHED), T0);

        List<NodeClaim> launched = readIndex(() -> store().listByPhase(cluster, Phase.LAUNCHED), list -> list.size() >= 2);

        assertThat(launched).extracting(NodeClaim::name).containsExactly("claim-a", "claim-b");
        assertThat(readIndex(() -> store().listByPhase(cluster, Phase.DRAINING), list -> !list.isEmpty()))
                .extracting(NodeClaim::name).containsExactly("claim-c");
        assertThat(store().listByPhase(cluster, Phase.INITIALIZED)).isEmpty();
    }

    @Test
    void listByPhase_whenPhaseChanged_movesClaimToNewPhase() {
        NodeClaim v1 = store().create(claim("claim-a").withPhase(Phase.LAUNCHED), T0);
        store().update(v1.withPhase(Phase.REGISTERED), T0);

        assertThat(readIndex(() -> store().listByPhase(cluster, Phase.REGISTERED), list -> !list.isEmpty()))
                .extracting(NodeClaim::name).containsExactly("claim-a");
        assertThat(readIndex(() -> store().listByPhase(cluster, Phase.LAUNCHED), List::isEmpty)).isEmpty();
    }

    @Test
    void listActive_excludesTombstonesAndOtherClusters() {
        store().create(claim("claim-a").withPhase(Phase.INITIALIZED), T0);
        NodeClaim doomed = store().create(claim("claim-b").withPhase(Phase.TERMINATING), T0);
        store().update(doomed.toBuilder().phase(Phase.TERMINATED).tombstoneExpiry(T0.plusSeconds(3600)).build(), T0);
        store().create(claim("claim-c"), T0);
        store().create(fullClaim(TestAws.uniqueName("cluster"), "claim-d"), T0);

        assertThat(store().listActive(cluster)).extracting(NodeClaim::name).containsExactly("claim-a", "claim-c");
        NodeClaim tombstone = store().get(cluster, "claim-b").orElseThrow();
        assertThat(tombstone.phase()).isEqualTo(Phase.TERMINATED);
        assertThat(tombstone.tombstoneExpiry()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void listActive_whenClaimsSpanSeveralPages_returnsAllOfThem() {
        // About 2 KB per claim: 700 of them exceed DynamoDB's 1 MB query page, so the lists must follow the pages.
        List<String> pods = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pods.add(String.format("team-namespace-%02d/a-fairly-long-deployment-name-7d9f8b6c5-x%02d", i, i));
        }
        int count = manyClaimsCount();
        for (int i = 0; i < count; i++) {
            store().create(claim(String.format("claim-%04d", i)).toBuilder().pods(pods).build(), T0);
        }

        assertThat(store().listActive(cluster)).hasSize(count);
        assertThat(readIndex(() -> store().listByPhase(cluster, Phase.PLANNED), list -> list.size() >= count)).hasSize(count);
        assertClaimsSpanSeveralPages();
    }

    /** Stores that page (DynamoDB) check here that the paging test really produced more than one page. */
    protected void assertClaimsSpanSeveralPages() {
    }

    /** How many claims the paging test writes: enough for DynamoDB to return several pages. */
    protected int manyClaimsCount() {
        return 700;
    }
}
