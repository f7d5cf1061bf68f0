package dev.spotter.functions.tick;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cloud.CloudInstance;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.config.NodePool;
import dev.spotter.config.SpotterConfig;
import dev.spotter.functions.disruption.DisruptionExecutor;
import dev.spotter.functions.provisioner.NodeClassZones;
import dev.spotter.functions.provisioner.ProvisioningReports;
import dev.spotter.functions.runtime.Invocation;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.Priming;
import dev.spotter.functions.runtime.ScheduledTick;
import dev.spotter.functions.runtime.WarmUps;
import dev.spotter.functions.wiring.SpotterRuntime;
import dev.spotter.lifecycle.LifecycleCommand;
import dev.spotter.lifecycle.LifecycleInput;
import dev.spotter.lifecycle.LifecyclePlanner;
import dev.spotter.lifecycle.LifecycleSettings;
import dev.spotter.model.Resources;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.ProvisioningLease;
import dev.spotter.nodeclaim.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Runs every minute (EventBridge Scheduler): advances NodeClaims through their life, pushes drains forward, collects
 * garbage both ways, then runs a provisioning pass as a safety net for signals that were lost. Its work per tick is
 * bounded ({@link LifecycleSettings#maxCommands()}); what is left is picked up by the next tick.
 */
public final class ReconcileTickHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileTickHandler.class);
    /** Below this much remaining time the tick skips its provisioning pass rather than be cut off in a launch. */
    private static final int PROVISIONING_RESERVE_MILLIS = 30_000;
    private static final Set<String> CORE_RESOURCES = Set.of(Resources.CPU, Resources.MEMORY, Resources.PODS,
            Resources.EPHEMERAL_STORAGE);

    private final SpotterRuntime runtime;
    private final LifecyclePlanner planner = new LifecyclePlanner(LifecycleSettings.DEFAULT);

    /** For Lambda: adapters built from the environment on first use, primed for SnapStart. */
    public ReconcileTickHandler() {
        this(SpotterRuntime.fromEnvironment());
        Priming.register("reconcile tick", WarmUps.tick(planner));
    }

    public ReconcileTickHandler(SpotterRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        Map<String, Object> report = Invocation.run(context, runtime.metrics(), runtime::flushEvents, () -> tick(read(input), context));
        try {
            output.write(Json.MAPPER.writeValueAsBytes(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tick report", e);
        }
    }

    /**
     * Reconciles once; {@code input} is the Scheduler's JSON (see events/tick/). The tick works under the cluster's
     * provisioning lease, taken as this invocation: a tick that overlaps another (a slow one, a duplicate delivery)
     * or a provisioning pass leaves its work to the next tick rather than run lifecycle commands beside them.
     */
    public Map<String, Object> tick(String input, Context context) {
        ScheduledTick tick = ScheduledTick.fromJson(Json.MAPPER, input);
        refreshCatalog();
        String holder = Invocation.holder(context, "tick");
        Optional<ProvisioningLease.Lease> held = runtime.lease().tryAcquire(runtime.cluster(), holder,
                ProvisioningLease.TERM, runtime.clock().instant());
        if (held.isEmpty()) {
            LOG.info("another tick or provisioning pass holds the lease of cluster {}; leaving this tick's work to the next",
                    runtime.cluster());
            runtime.metrics().count("TicksSkipped");
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("scheduledTime", tick.scheduledTime().toString());
            report.put("skipped", "lease held elsewhere");
            return report;
        }
        try {
            return reconcile(tick, holder, context);
        } finally {
            runtime.lease().release(held.get());
        }
    }

    private Map<String, Object> reconcile(ScheduledTick tick, String holder, Context context) {
        SpotterConfig config = runtime.settings().config();
        Instant now = runtime.clock().instant();
        List<NodeClaim> claims = runtime.claims().listActive(runtime.cluster());
        Set<OfferingKey> unavailable = runtime.unavailable().current(now);
        List<LifecycleCommand> commands = planner.plan(snapshot(now, claims, config));
        int failures = 0;
        if (runtime.settings().dryRun()) {
            commands.forEach(command -> LOG.info("[dry run] would {}", command));
        } else {
            failures = runtime.lifecycleExecutor().execute(commands, config, unavailable);
        }
        recordFleet(now, claims, commands, failures, unavailable.size());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scheduledTime", tick.scheduledTime().toString());
        report.put("commands", commands.stream().collect(Collectors.groupingBy(c -> c.getClass().getSimpleName(),
                TreeMap::new, Collectors.counting())));
        report.put("failedCommands", failures);
        report.put("disruption", disrupt(config, unavailable));
        if (context == null || context.getRemainingTimeInMillis() > PROVISIONING_RESERVE_MILLIS) {
            var outcome = runtime.provisioningPass().run(holder, config, runtime.settings().dryRun());
            ProvisioningReports.record(runtime.metrics(), outcome);
            report.put("launched", outcome.launched().size());
        }
        return report;
    }

    /**
     * Advances the disruption commands in progress and proposes new ones (a dry run only logs what it would propose).
     * A failure here is logged and counted: it never keeps the tick from provisioning.
     */
    private Map<String, Object> disrupt(SpotterConfig config, Set<OfferingKey> unavailable) {
        Map<String, Object> report = new LinkedHashMap<>();
        try {
            DisruptionExecutor.Report done = runtime.disruptionExecutor().run(config, NodeClassZones.of(runtime.cloud()),
                    unavailable, runtime.settings().dryRun());
            report.put("commands", done.decided().size());
            report.put("proposed", done.proposed());
            report.put("started", done.started());
            report.put("drained", done.drained());
            report.put("rolledBack", done.rolledBack());
            report.put("invalidated", done.invalidated());
            report.put("blocked", done.blocked());
            report.put("failures", done.failures());
        } catch (RuntimeException e) {
            LOG.warn("disruption pass failed; the next tick tries again: {}", e.toString());
            runtime.metrics().count("DisruptionPassFailures");
            report.put("error", e.toString());
        }
        return report;
    }

    /** The live catalog's hourly refresh; a failure is only logged: the cached or shipped catalog serves meanwhile. */
    private void refreshCatalog() {
        try {
            if (!runtime.settings().dryRun() && CatalogRefresh.of(runtime).refreshIfStale()) {
                runtime.metrics().count("CatalogRefreshes");
            }
        } catch (RuntimeException e) {
            LOG.warn("catalog refresh failed; keeping the cached or shipped catalog: {}", e.toString());
        }
    }

    private LifecycleInput snapshot(Instant now, List<NodeClaim> claims, SpotterConfig config) {
        List<Node> nodes = runtime.clusterApi().listNodes();
        List<CloudInstance> instances = runtime.cloud().listClusterInstances(runtime.cluster());
        Map<String, List<Pod>> podsByNode = new HashMap<>();
        for (NodeClaim claim : claims) {
            boolean watched = claim.phase() == Phase.DRAINING
                    || claim.condition(LifecyclePlanner.REPLACEMENT_REQUESTED).isPresent();
            if (watched && claim.nodeName() != null) {
                podsByNode.put(claim.nodeName(), runtime.clusterApi().listPodsOnNode(claim.nodeName()));
            }
        }
        Map<String, NodePool> pools = new HashMap<>();
        config.nodePools().forEach(pool -> pools.put(pool.name(), pool));
        return new LifecycleInput(now, claims, nodes, podsByNode, instances, pools, extendedResources(claims, config));
    }

    /** For each launched type, the extended resources (GPUs, Neuron devices) its node must register. */
    private Map<String, Set<String>> extendedResources(List<NodeClaim> claims, SpotterConfig config) {
        Map<String, Set<String>> result = new HashMap<>();
        // resolving a node class's types walks the whole catalog: once per node class, not once per claim
        Map<String, Map<String, InstanceType>> typesByNodeClass = new HashMap<>();
        for (NodeClaim claim : claims) {
            if (claim.instanceType() == null || result.containsKey(claim.instanceType())) {
                continue;
            }
            config.nodePool(claim.nodePool()).map(config::nodeClassOf)
                    .map(nodeClass -> typesByNodeClass.computeIfAbsent(nodeClass.name(),
                            // what a type's node registers does not depend on whether its offerings are available now
                            name -> byName(runtime.instanceTypes().forNodeClass(nodeClass, Set.of()))))
                    .map(types -> types.get(claim.instanceType()))
                    .ifPresent(type -> result.put(type.name(), extended(type)));
        }
        return result;
    }

    private static Map<String, InstanceType> byName(List<InstanceType> types) {
        Map<String, InstanceType> byName = new HashMap<>();
        types.forEach(type -> byName.put(type.name(), type));
        return byName;
    }

    private static Set<String> extended(InstanceType type) {
        return type.capacity().names().stream().filter(name -> !CORE_RESOURCES.contains(name)).collect(Collectors.toSet());
    }

    private void recordFleet(Instant now, List<NodeClaim> claims, List<LifecycleCommand> commands, int failures,
                             int unavailableOfferings) {
        double hourly = claims.stream().filter(c -> c.instanceId() != null && c.phase() != Phase.TERMINATED)
                .mapToDouble(NodeClaim::price).sum();
        runtime.metrics().count("FleetHourlyCost", hourly);
        runtime.metrics().count("ActiveNodeClaims", claims.size());
        runtime.metrics().count("TickCommands", commands.size());
        runtime.metrics().count("TickCommandFailures", failures);
        runtime.metrics().count("UnavailableOfferings", unavailableOfferings);
        for (LifecycleCommand command : commands) {
            if (command instanceof LifecycleCommand.FinishDrain finish) {
                finish.claim().condition(LifecyclePlanner.DRAINING).ifPresent(draining -> runtime.metrics()
                        .milliseconds("DrainDuration", Duration.between(draining.lastTransitionTime(), now).toMillis()));
            }
        }
    }

    private static String read(InputStream input) {
        try {
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tick input", e);
        }
    }
}
