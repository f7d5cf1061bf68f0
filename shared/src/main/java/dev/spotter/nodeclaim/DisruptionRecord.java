package dev.spotter.nodeclaim;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A NodeClaim's part in a disruption command, kept on the claim so that any pass can tell where the command is and
 * finish or undo it. Every member of a command (its candidates and its replacements) carries a record with the same
 * {@code command} id, the member lists and the reason; {@code stage} moves forward member by member, so after a crash
 * members may disagree: the command is then at the most advanced stage any member reached ({@link Stage#rank()}).
 *
 * @param command        the command's id (unique per cluster)
 * @param role           whether this claim is disrupted or launched by the command
 * @param stage          how far the command got
 * @param reason         Empty, Underutilized, Drifted or Expired
 * @param method         the planner method that produced it (for logs)
 * @param decidedAt      the time of the snapshot the command was computed from; validation waits 15 s after it
 * @param stageSince     when {@code stage} was entered (the replacement-initialization timeout counts from LAUNCHING)
 * @param candidates     the candidates' NodeClaim names
 * @param replacements   the replacements' NodeClaim names (empty: the candidates are deleted)
 * @param pods           the pods that move ({@code namespace/name})
 * @param savingsPerHour what the command saves, in USD per hour
 * @param forceful       an expiration: not budgeted
 */
public record DisruptionRecord(
        String command,
        Role role,
        Stage stage,
        String reason,
        String method,
        Instant decidedAt,
        Instant stageSince,
        List<String> candidates,
        List<String> replacements,
        List<String> pods,
        double savingsPerHour,
        boolean forceful) {

    public DisruptionRecord {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(stage, "stage");
        reason = reason == null ? "" : reason;
        method = method == null ? "" : method;
        candidates = List.copyOf(candidates);
        replacements = List.copyOf(replacements);
        pods = List.copyOf(pods);
    }

    public DisruptionRecord at(Stage next, Instant since) {
        return new DisruptionRecord(command, role, next, reason, method, decidedAt, since, candidates, replacements, pods,
                savingsPerHour, forceful);
    }

    public DisruptionRecord as(Role other) {
        return new DisruptionRecord(command, other, stage, reason, method, decidedAt, stageSince, candidates, replacements,
                pods, savingsPerHour, forceful);
    }

    public enum Role { CANDIDATE, REPLACEMENT }

    /**
     * PROPOSED: computed, nothing done yet (replacements stored as Proposed claims); LAUNCHING: validated, candidates
     * tainted, replacements launching; DRAINING: replacements initialized, candidates handed to the drain;
     * ROLLING_BACK: being undone (replacements removed, candidates untainted).
     */
    public enum Stage {
        PROPOSED(0), LAUNCHING(1), DRAINING(2), ROLLING_BACK(3);

        private final int rank;

        Stage(int rank) {
            this.rank = rank;
        }

        /** Stages only move up: a command is at the highest stage any of its members reached. */
        public int rank() {
            return rank;
        }
    }
}
