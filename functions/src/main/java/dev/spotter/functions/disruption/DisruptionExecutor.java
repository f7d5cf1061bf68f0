package dev.spotter.functions.disruption;

import dev.spotter.catalog.OfferingKey;
import dev.spotter.cluster.ClusterApi;
import dev.spotter.cluster.ClusterEvent;
import dev.spotter.cluster.Pod;
import dev.spotter.config.SpotterConfig;
import dev.spotter.disruption.BlockedCandidate;
import dev.spotter.disruption.DisruptionCommand;
import dev.spotter.disruption.DisruptionDecision;
import dev.spotter.disruption.DisruptionInput;
import dev.spotter.disruption.DisruptionPlanner;
import dev.spotter.disruption.Reason;
import dev.spotter.disruption.StateNode;
import dev.spotter.disruption.Validation;
import dev.spotter.events.DecisionEvent;
import dev.spotter.events.DecisionEvents;
import dev.spotter.functions.provisioner.ClaimLauncher;
import dev.spotter.functions.provisioner.NodeClassZones;
import dev.spotter.functions.runtime.SpotterMetrics;
import dev.spotter.functions.tick.NodeClaimRetirement;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.nodeclaim.DisruptionRecord;
import dev.spotter.nodeclaim.DisruptionRecord.Role;
import dev.spotter.nodeclaim.DisruptionRecord.Stage;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.NodeClaimStore;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.scheduling.PlannedNodeClaim;
import dev.spotter.model.Requirements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static dev.spotter.functions.runtime.LogKeys.nodeClaim;

/**
 * Carries out disruption commands across reconcile ticks, every step recorded on the NodeClaims (a
 * {@link DisruptionRecord} on each candidate and replacement, written conditionally) so that whatever a crash
 * interrupts, the next tick finishes or undoes:
 * <ol>
 *   <li>a new command is <b>proposed</b>: its replacements are stored as Proposed claims and its candidates marked,
 *       nothing else changes;</li>
 *   <li>on a later tick, at least {@value #VALIDATION_DELAY_SECONDS} s after the snapshot it was computed from, it is
 *       <b>validated</b> on that tick's fresh snapshot; an invalid command is dropped, a valid one is <b>launching</b>:
 *       candidates tainted {@code karpenter.sh/disrupted:NoSchedule}, replacements launched through the provisioning
 *       launch path;</li>
 *   <li>once every replacement is initialized the candidates are handed to the tick's drain (<b>draining</b>:
 *       evictions in Karpenter's order, PDBs, do-not-disrupt, terminationGracePeriod, then termination);</li>
 *   <li>a replacement that fails to launch, disappears, or is not initialized within {@link #REPLACEMENT_TIMEOUT} makes
 *       the command <b>roll back</b>: replacements removed, candidates untainted and unmarked.</li>
 * </ol>
 * Members of a command may disagree after a crash; the command is at the most advanced stage any member reached.
 */
public final class DisruptionExecutor {
    static final long VALIDATION_DELAY_SECONDS = 15;
    /** Karpenter validates a command again this long after computing it. */
    public static final Duration VALIDATION_DELAY = Duration.ofSeconds(VALIDATION_DELAY_SECONDS);
    /** How long replacements have to initialize before the command is rolled back (Karpenter's is 10 minutes too). */
    public static final Duration REPLACEMENT_TIMEOUT = Duration.ofMinutes(10);
    /** DisruptionBlocked events per tick, so that a large blocked fleet does not flood the API server every minute. */
    static final int MAX_BLOCKED_EVENTS = 20;
    private static final Set<BlockedCandidate.Blocker> REPORTED_BLOCKERS = Set.of(BlockedCandidate.Blocker.PDB,
            BlockedCandidate.Blocker.POD_DO_NOT_DISRUPT, BlockedCandidate.Blocker.NODE_DO_NOT_DISRUPT,
            BlockedCandidate.Blocker.BUDGET, BlockedCandidate.Blocker.NOMINATED);
    private static final Logger LOG = LoggerFactory.getLogger(DisruptionExecutor.class);

    private final String cluster;
    private final NodeClaimStore claims;
    private final ClusterApi clusterApi;
    private final NodeClaimRetirement retirement;
    private final ClaimLauncher launcher;
    private final DisruptionSnapshot snapshot;
    private final DisruptionPlanner planner;
    private final DecisionEvents events;
    private final SpotterMetrics metrics;
    private final Clock clock;

    public DisruptionExecutor(String cluster, NodeClaimStore claims, ClusterApi clusterApi, NodeClaimRetirement retirement,
                              ClaimLauncher launcher, DisruptionSnapshot snapshot, DisruptionPlanner planner,
                              DecisionEvents events, SpotterMetrics metrics, Clock clock) {
        this.cluster = cluster;
        this.claims = claims;
        this.clusterApi = clusterApi;
        this.retirement = retirement;
        this.launcher = launcher;
        this.snapshot = snapshot;
        this.planner = planner;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What one pass did, for the tick's report. */
    public record Report(int proposed, int started, int drained, int rolledBack, int invalidated, int blocked, int failures,
                         List<DisruptionCommand> decided) {
    }

    /**
     * One pass: advances the commands in progress, then plans on the same fresh snapshot and proposes the new commands
     * whose nodes are in no command yet. In a dry run it only plans and logs the commands it would propose.
     */
    public Report run(SpotterConfig config, NodeClassZones zones, Set<OfferingKey> unavailable, boolean dryRun) {
        Counts counts = new Counts();
        List<NodeClaim> active = claims.listActive(cluster);
        DisruptionInput fresh = snapshot.read(clock.instant(), active, config, zones, unavailable);
        if (!dryRun) {
            Map<String, List<NodeClaim>> byCommand = new TreeMap<>();
            for (NodeClaim claim : active) {
                if (claim.disruption() != null) {
                    byCommand.computeIfAbsent(claim.disruption().command(), id -> new ArrayList<>()).add(claim);
                }
            }
            byCommand.forEach((id, members) -> {
                try {
                    advance(new InProgress(id, members), fresh, config, zones, unavailable, counts);
                } catch (RuntimeException e) {
                    counts.failures++;
                    LOG.warn("disruption command {} could not advance; the next tick resumes it: {}", id, e.toString());
                }
            });
        }
        DisruptionDecision decision = planner.plan(fresh);
        reportBlocked(decision.blocked());
        counts.blocked = decision.blocked().size();
        Set<String> busy = new HashSet<>();
        active.stream().filter(claim -> claim.disruption() != null).forEach(claim -> busy.add(claim.name()));
        for (DisruptionCommand command : decision.commands()) {
            if (dryRun) {
                LOG.info("[dry run] would disrupt {} ({}, {}): replace with {}, {} pods move, saves {} USD/hour",
                        command.candidateNames(), command.reason().label(), command.method(),
                        command.replacements().stream().map(r -> r.capacityType().label() + " " + r.instanceTypes()).toList(),
                        command.pods().size(), command.savingsPerHour());
                continue;
            }
            if (command.candidates().stream().anyMatch(c -> busy.contains(c.claim().name()))) {
                continue;
            }
            try {
                propose(command);
                command.candidates().forEach(c -> busy.add(c.claim().name()));
                counts.proposed++;
            } catch (RuntimeException e) {
                counts.failures++;
                LOG.warn("disruption command for {} could not be proposed; the next tick undoes what was recorded: {}",
                        command.candidateNames(), e.toString());
            }
        }
        metrics.count("DisruptionBlockedCandidates", counts.blocked);
        return new Report(counts.proposed, counts.started, counts.drained, counts.rolledBack, counts.invalidated,
                counts.blocked, counts.failures, decision.commands());
    }

    // ---- proposing ----

    private void propose(DisruptionCommand command) {
        Instant now = clock.instant();
        String id = commandId(command);
        List<String> candidateNames = command.candidates().stream().map(c -> c.claim().name()).toList();
        List<String> replacementNames = command.replacements().stream().map(r -> r.name() + "-" + id.substring(2)).toList();
        DisruptionRecord record = new DisruptionRecord(id, Role.REPLACEMENT, Stage.PROPOSED, command.reason().label(),
                command.method(), command.decidedAt(), now, candidateNames, replacementNames, command.pods(),
                command.savingsPerHour(), command.forceful());
        for (int i = 0; i < command.replacements().size(); i++) {
            PlannedNodeClaim planned = command.replacements().get(i);
            claims.create(planned.toNodeClaim(cluster, now).toBuilder().name(replacementNames.get(i)).phase(Phase.PROPOSED)
                    .disruption(record).build(), now);
        }
        for (StateNode candidate : command.candidates()) {
            claims.update(candidate.claim().withDisruption(record.as(Role.CANDIDATE)), now);
        }
        LOG.info("proposed disruption command {}: {} {} ({}), {} replacements, saves {} USD/hour; validated after {}s",
                id, command.reason().label(), command.candidateNames(), command.method(), replacementNames.size(),
                command.savingsPerHour(), VALIDATION_DELAY_SECONDS);
    }

    /** Stable for the same snapshot time and candidates: a second proposal of the same command conflicts. */
    static String commandId(DisruptionCommand command) {
        String text = command.decidedAt() + "|" + String.join(",", command.candidates().stream().map(c -> c.claim().name()).toList());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "d-" + HexFormat.of().formatHex(hash, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    // ---- advancing ----

    private void advance(InProgress command, DisruptionInput fresh, SpotterConfig config, NodeClassZones zones,
                         Set<OfferingKey> unavailable, Counts counts) {
        switch (command.stage()) {
            case PROPOSED -> validate(command, fresh, config, zones, unavailable, counts);
            case LAUNCHING -> awaitReplacements(command, fresh, config, zones, unavailable, counts);
            case DRAINING -> handOver(command, fresh, counts);
            case ROLLING_BACK -> rollBack(command, true, "rolling back", counts);
        }
    }

    private void validate(InProgress command, DisruptionInput fresh, SpotterConfig config, NodeClassZones zones,
                          Set<OfferingKey> unavailable, Counts counts) {
        DisruptionRecord record = command.lead();
        if (record.decidedAt() != null && fresh.now().isBefore(record.decidedAt().plus(VALIDATION_DELAY))) {
            return;
        }
        Optional<DisruptionCommand> rebuilt = command.rebuild(fresh);
        if (rebuilt.isEmpty()) {
            counts.invalidated++;
            rollBack(command, false, "its proposal is incomplete (a pass stopped while recording it)", counts);
            return;
        }
        Validation validation = planner.validate(rebuilt.get(), fresh);
        if (!validation.valid()) {
            counts.invalidated++;
            metrics.count("DisruptionInvalidated");
            rollBack(command, false, "invalid on a fresh snapshot: " + validation.reason(), counts);
            return;
        }
        start(command, rebuilt.get(), fresh, config, zones, unavailable, counts);
    }

    private void start(InProgress command, DisruptionCommand validated, DisruptionInput fresh, SpotterConfig config,
                       NodeClassZones zones, Set<OfferingKey> unavailable, Counts counts) {
        Instant now = clock.instant();
        InProgress launching = command.moveTo(Stage.LAUNCHING, now, claims);
        String reason = launching.lead().reason();
        for (NodeClaim candidate : launching.candidates()) {
            retirement.taintDisrupted(candidate);
            if (candidate.nodeName() != null) {
                clusterApi.recordEvent(ClusterEvent.onNode(candidate.nodeName(), ClusterEvent.Type.NORMAL,
                        ClusterEvent.DISRUPTION_LAUNCHING, "Disrupting node: " + reason + "/"
                                + (validated.isDelete() ? "Delete" : "Replace with " + validated.replacements().size()
                                + " node(s)") + ", saves " + String.format("%.4f", validated.savingsPerHour()) + " USD/hour"));
            }
        }
        counts.started++;
        metrics.count("DisruptionDecisions" + reason);
        metrics.count("NodesDisrupted" + reason, launching.lead().candidates().size());
        metrics.count("DisruptionSavingsPerHour", finite(validated.savingsPerHour()));
        events.publish(launching.event(cluster, DecisionEvent.DisruptionStage.STARTED, ""));
        LOG.info("disruption command {} validated and started: {} {}", command.id(), reason, launching.lead().candidates());
        awaitReplacements(launching, fresh, config, zones, unavailable, counts);
    }

    private void awaitReplacements(InProgress command, DisruptionInput fresh, SpotterConfig config, NodeClassZones zones,
                                   Set<OfferingKey> unavailable, Counts counts) {
        for (NodeClaim candidate : command.candidates()) {
            if (!taintedOnSnapshot(candidate, fresh)) {
                retirement.taintDisrupted(candidate);
            }
        }
        boolean allInitialized = true;
        for (String name : command.lead().replacements()) {
            NodeClaim replacement = command.member(name).orElse(null);
            if (replacement == null || (replacement.phase() != Phase.PROPOSED && !replacement.phase().isInFlight())) {
                rollBack(command, true, "replacement " + name + " is gone", counts);
                return;
            }
            if (replacement.phase() == Phase.PROPOSED) {
                NodeClaim planned = claims.update(replacement.toBuilder().phase(Phase.PLANNED).createdAt(clock.instant()).build(),
                        clock.instant());
                ClaimLauncher.LaunchOutcome outcome = launcher.launch(planned, config, zones, unavailable);
                if (!outcome.launched()) {
                    rollBack(command.without(name), true, "replacement " + name + " failed to launch: " + outcome.failure(), counts);
                    return;
                }
                command = command.with(outcome.claim());
                allInitialized = false;
            } else if (replacement.phase() != Phase.INITIALIZED) {
                allInitialized = false;
            }
        }
        if (allInitialized) {
            handOver(command.moveTo(Stage.DRAINING, clock.instant(), claims), fresh, counts);
        } else if (!clock.instant().isBefore(command.lead().stageSince().plus(REPLACEMENT_TIMEOUT))) {
            rollBack(command, true, "replacements not initialized within " + REPLACEMENT_TIMEOUT.toMinutes() + "m", counts);
        }
    }

    /** Candidates go to the tick's drain; replacements become ordinary claims. Idempotent. */
    private void handOver(InProgress command, DisruptionInput fresh, Counts counts) {
        boolean changed = false;
        String reason = command.lead().reason();
        for (NodeClaim candidate : command.candidates()) {
            NodeClaim marked = candidate;
            if (candidate.disruption().stage() != Stage.DRAINING) {
                marked = claims.update(candidate.withDisruption(candidate.disruption().at(Stage.DRAINING, clock.instant())),
                        clock.instant());
                changed = true;
            }
            if (marked.phase() != Phase.DRAINING && marked.phase() != Phase.TERMINATING) {
                retirement.beginDrain(marked, "disrupted: " + reason + " (command " + command.id() + ")");
                String nodeName = marked.nodeName();
                podsOn(marked, fresh).forEach(pod -> clusterApi.recordEvent(ClusterEvent.onPod(pod, ClusterEvent.Type.NORMAL,
                        ClusterEvent.DISRUPTION_TERMINATING, "Evicting pod: node " + nodeName + " is disrupted ("
                                + reason + ")")));
                changed = true;
            }
        }
        for (NodeClaim replacement : command.replacements()) {
            if (replacement.disruption() != null) {
                claims.update(replacement.withDisruption(null), clock.instant());
                changed = true;
            }
        }
        if (changed) {
            counts.drained++;
            events.publish(command.event(cluster, DecisionEvent.DisruptionStage.FINISHED,
                    "replacements initialized; candidates draining"));
            LOG.info("disruption command {}: replacements ready, draining {}", command.id(), command.lead().candidates());
        }
    }

    /**
     * Undoes a command: Proposed replacements are deleted, launched ones retired (instance terminated, Node deleted),
     * candidates untainted (unless something else drains them) and unmarked. A started command is first marked
     * rolling back, so that a crash midway is rolled back further, not resumed.
     */
    private void rollBack(InProgress command, boolean started, String why, Counts counts) {
        Instant now = clock.instant();
        InProgress undoing = started && command.stage() != Stage.ROLLING_BACK
                ? command.moveTo(Stage.ROLLING_BACK, now, claims) : command;
        for (NodeClaim replacement : undoing.replacements()) {
            if (replacement.phase() == Phase.PROPOSED || replacement.phase() == Phase.PLANNED) {
                // a Planned claim whose launch never recorded: its instance, if any, is collected as an orphan
                claims.delete(replacement);
            } else if (!replacement.phase().isTerminal()) {
                retirement.retire(replacement.withDisruption(null), null, "disruption command " + command.id() + " rolled back");
            }
        }
        for (NodeClaim candidate : undoing.candidates()) {
            boolean drainedAnyway = candidate.phase() == Phase.DRAINING || candidate.phase() == Phase.TERMINATING;
            if (started && !drainedAnyway && candidate.nodeName() != null) {
                clusterApi.removeTaint(candidate.nodeName(), Taint.DISRUPTED);
                clusterApi.recordEvent(ClusterEvent.onNode(candidate.nodeName(), ClusterEvent.Type.WARNING,
                        ClusterEvent.DISRUPTION_ROLLED_BACK, "Disruption rolled back: " + why));
            }
            claims.update(candidate.withDisruption(null), now);
        }
        if (started) {
            counts.rolledBack++;
            metrics.count("DisruptionRollbacks");
            events.publish(undoing.event(cluster, DecisionEvent.DisruptionStage.ROLLED_BACK, why));
            LOG.warn("disruption command {} rolled back: {}", command.id(), why);
        } else {
            LOG.info("disruption command {} dropped: {}", command.id(), why);
        }
    }

    private void reportBlocked(List<BlockedCandidate> blocked) {
        int recorded = 0;
        for (BlockedCandidate candidate : blocked) {
            metrics.count("DisruptionBlocked" + camel(candidate.blocker().name()));
            if (REPORTED_BLOCKERS.contains(candidate.blocker()) && recorded < MAX_BLOCKED_EVENTS && candidate.node() != null) {
                clusterApi.recordEvent(ClusterEvent.onNode(candidate.node(), ClusterEvent.Type.NORMAL,
                        ClusterEvent.DISRUPTION_BLOCKED, candidate.message()));
                recorded++;
            }
        }
    }

    private static boolean taintedOnSnapshot(NodeClaim candidate, DisruptionInput fresh) {
        return fresh.nodes().stream().filter(n -> n.claim().name().equals(candidate.name()) && n.node() != null)
                .anyMatch(n -> n.node().taints().stream().anyMatch(t -> WellKnownLabels.DISRUPTED_TAINT_KEY.equals(t.key())));
    }

    private static List<Pod> podsOn(NodeClaim claim, DisruptionInput fresh) {
        return fresh.nodes().stream().filter(n -> n.claim().name().equals(claim.name())).findFirst()
                .map(StateNode::pods).orElse(List.of()).stream().filter(pod -> !pod.isDaemonSetPod()).toList();
    }

    private static String camel(String constant) {
        StringBuilder text = new StringBuilder();
        for (String word : constant.toLowerCase(java.util.Locale.ROOT).split("_")) {
            text.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return text.toString();
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }

    private static final class Counts {
        int proposed;
        int started;
        int drained;
        int rolledBack;
        int invalidated;
        int blocked;
        int failures;
    }

    /** The members of one command as read from the store, and what they say about it. */
    private record InProgress(String id, List<NodeClaim> members) {
        InProgress {
            members = members.stream().sorted(Comparator.comparing(NodeClaim::name)).toList();
        }

        /** The member whose record got furthest: it speaks for the command. */
        DisruptionRecord lead() {
            return members.stream().map(NodeClaim::disruption)
                    .max(Comparator.comparingInt((DisruptionRecord r) -> r.stage().rank())).orElseThrow();
        }

        Stage stage() {
            return lead().stage();
        }

        Optional<NodeClaim> member(String name) {
            return members.stream().filter(m -> m.name().equals(name)).findFirst();
        }

        List<NodeClaim> candidates() {
            return members.stream().filter(m -> m.disruption().role() == Role.CANDIDATE).toList();
        }

        List<NodeClaim> replacements() {
            return members.stream().filter(m -> m.disruption().role() == Role.REPLACEMENT).toList();
        }

        InProgress with(NodeClaim updated) {
            List<NodeClaim> next = new ArrayList<>(members.stream().filter(m -> !m.name().equals(updated.name())).toList());
            next.add(updated);
            return new InProgress(id, next);
        }

        InProgress without(String name) {
            return new InProgress(id, members.stream().filter(m -> !m.name().equals(name)).toList());
        }

        /** Writes the stage on every member not there yet (candidates first); returns the members as stored. */
        InProgress moveTo(Stage stage, Instant now, NodeClaimStore store) {
            List<NodeClaim> moved = new ArrayList<>();
            List<NodeClaim> ordered = new ArrayList<>(candidates());
            ordered.addAll(replacements());
            for (NodeClaim member : ordered) {
                moved.add(member.disruption().stage() == stage ? member
                        : store.update(member.withDisruption(member.disruption().at(stage, now)), now));
            }
            return new InProgress(id, moved);
        }

        /**
         * The command as it was proposed, with the candidates as they are now; empty when a member is missing (the
         * proposal was cut short) or a replacement is no longer Proposed.
         */
        Optional<DisruptionCommand> rebuild(DisruptionInput fresh) {
            DisruptionRecord record = lead();
            Map<String, StateNode> nodes = new HashMap<>();
            fresh.nodes().forEach(n -> nodes.put(n.claim().name(), n));
            List<StateNode> candidates = new ArrayList<>();
            for (String name : record.candidates()) {
                StateNode node = nodes.get(name);
                if (node == null || member(name).isEmpty()) {
                    return Optional.empty();
                }
                candidates.add(node);
            }
            Map<String, Pod> pods = new HashMap<>();
            candidates.forEach(c -> c.pods().forEach(pod -> pods.put(pod.key(), pod)));
            List<PlannedNodeClaim> replacements = new ArrayList<>();
            for (String name : record.replacements()) {
                Optional<NodeClaim> claim = member(name);
                if (claim.isEmpty() || claim.get().phase() != Phase.PROPOSED) {
                    return Optional.empty();
                }
                replacements.add(planned(claim.get(), pods));
            }
            Reason reason;
            try {
                reason = Reason.fromLabel(record.reason());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            return Optional.of(new DisruptionCommand(reason, record.method(), candidates, replacements, record.pods(),
                    record.savingsPerHour(), record.forceful(), record.decidedAt()));
        }

        private static PlannedNodeClaim planned(NodeClaim claim, Map<String, Pod> pods) {
            Resources requests = Resources.NONE;
            for (String key : claim.pods()) {
                Pod pod = pods.get(key);
                if (pod != null) {
                    requests = requests.plus(pod.requests());
                }
            }
            return new PlannedNodeClaim(claim.name(), claim.nodePool(), claim.nodeClass(), claim.capacityType(),
                    claim.instanceTypes(), claim.zones(), Requirements.of(claim.requirements()), claim.pods(), requests,
                    claim.price());
        }

        DecisionEvent event(String cluster, DecisionEvent.DisruptionStage stage, String outcome) {
            DisruptionRecord record = lead();
            List<String> nodes = candidates().stream().map(c -> c.nodeName() == null ? c.name() : c.nodeName()).toList();
            return new DecisionEvent.Disruption(cluster, stage, id, record.reason(), record.candidates(), nodes,
                    record.replacements(), record.savingsPerHour(), outcome);
        }
    }
}
