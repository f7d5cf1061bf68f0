package dev.spotter.nodeclaim;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where NodeClaims live between invocations. Every write is conditional on the version the caller read: a claim
 * written over a newer version fails with {@link VersionConflictException}, never silently.
 */
public interface NodeClaimStore {

    /** Stores a new claim at version 1; a claim of that name already stored is a conflict. */
    NodeClaim create(NodeClaim claim, Instant now);

    /** Replaces the claim stored at {@code claim.version()}; returns it at the next version. */
    NodeClaim update(NodeClaim claim, Instant now);

    /** Deletes the claim if it is still at {@code claim.version()}. */
    void delete(NodeClaim claim);

    Optional<NodeClaim> get(String cluster, String name);

    Optional<NodeClaim> findByInstanceId(String cluster, String instanceId);

    List<NodeClaim> listByPhase(String cluster, Phase phase);

    /** Every claim of the cluster that is not a Terminated tombstone. */
    List<NodeClaim> listActive(String cluster);
}
