package dev.spotter.inmemory;

import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.NodeClaimStore;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.nodeclaim.VersionConflictException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A NodeClaimStore in memory with the DynamoDB store's versioning: create stores version 1 and conflicts with an
 * existing claim; update and delete conflict unless the stored version is the one given. Lists are sorted by name,
 * as DynamoDB's sort key orders them. Records calls and injects errors (see {@link FakeCalls}).
 */
public final class InMemoryNodeClaimStore extends FakeCalls implements NodeClaimStore {
    private final Map<String, NodeClaim> claims = new TreeMap<>();

    public InMemoryNodeClaimStore() {
        super("nodeclaims");
    }

    @Override
    public synchronized NodeClaim create(NodeClaim claim, Instant now) {
        record("create", claim.cluster() + "/" + claim.name());
        String key = key(claim.cluster(), claim.name());
        if (claims.containsKey(key)) {
            throw new VersionConflictException(claim.name(), "NodeClaim " + claim.name() + " of cluster " + claim.cluster() + " already exists");
        }
        NodeClaim stored = claim.toBuilder().version(1).createdAt(claim.createdAt() == null ? now : claim.createdAt()).build();
        claims.put(key, stored);
        return done("create", claim.cluster() + "/" + claim.name(), stored);
    }

    @Override
    public synchronized NodeClaim update(NodeClaim claim, Instant now) {
        record("update", claim.cluster() + "/" + claim.name() + " v" + claim.version());
        requireVersion(claim, "update");
        NodeClaim stored = claim.toBuilder().version(claim.version() + 1).build();
        claims.put(key(claim.cluster(), claim.name()), stored);
        return done("update", claim.cluster() + "/" + claim.name() + " v" + claim.version(), stored);
    }

    @Override
    public synchronized void delete(NodeClaim claim) {
        record("delete", claim.cluster() + "/" + claim.name() + " v" + claim.version());
        requireVersion(claim, "delete");
        claims.remove(key(claim.cluster(), claim.name()));
        done("delete", claim.cluster() + "/" + claim.name() + " v" + claim.version());
    }

    @Override
    public synchronized Optional<NodeClaim> get(String cluster, String name) {
        record("get", cluster + "/" + name);
        return Optional.ofNullable(claims.get(key(cluster, name)));
    }

    @Override
    public synchronized Optional<NodeClaim> findByInstanceId(String cluster, String instanceId) {
        record("findByInstanceId", cluster + "/" + instanceId);
        return inCluster(cluster).stream().filter(claim -> instanceId.equals(claim.instanceId())).findFirst();
    }

    @Override
    public synchronized List<NodeClaim> listByPhase(String cluster, Phase phase) {
        record("listByPhase", cluster + "/" + phase);
        return inCluster(cluster).stream().filter(claim -> claim.phase() == phase).toList();
    }

    @Override
    public synchronized List<NodeClaim> listActive(String cluster) {
        record("listActive", cluster);
        return inCluster(cluster).stream().filter(claim -> !claim.phase().isTerminal()).toList();
    }

    /** Stores a claim as given (version included), bypassing the version check and the call log: test set-up. */
    public synchronized void seed(NodeClaim claim) {
        claims.put(key(claim.cluster(), claim.name()), claim);
    }

    /** Every stored claim, tombstones included, sorted by cluster and name; not logged. */
    public synchronized List<NodeClaim> all() {
        List<NodeClaim> all = new ArrayList<>(claims.values());
        all.sort(Comparator.comparing(NodeClaim::cluster).thenComparing(NodeClaim::name));
        return all;
    }

    /** A conditional failure is the store's version conflict, as the DynamoDB store maps it. */
    @Override
    protected RuntimeException error(FaultKind kind, PortCall call) {
        if (kind == FaultKind.CONDITIONAL_FAILURE) {
            return new VersionConflictException(call.detail(), "injected conditional failure at " + call);
        }
        return super.error(kind, call);
    }

    private List<NodeClaim> inCluster(String cluster) {
        return claims.values().stream().filter(claim -> claim.cluster().equals(cluster)).toList();
    }

    private void requireVersion(NodeClaim claim, String action) {
        NodeClaim stored = claims.get(key(claim.cluster(), claim.name()));
        if (stored == null || stored.version() != claim.version()) {
            String found = stored == null ? "it no longer exists" : "it is at version " + stored.version();
            throw new VersionConflictException(claim.name(), "cannot " + action + " NodeClaim " + claim.name() + " of cluster "
                    + claim.cluster() + " at version " + claim.version() + ": " + found);
        }
    }

    private static String key(String cluster, String name) {
        // NUL cannot occur in either name, so keys of different clusters never collide and sort by cluster first.
        return cluster + "\u0000" + name;
    }
}
