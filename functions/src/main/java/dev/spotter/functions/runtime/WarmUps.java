package dev.spotter.functions.runtime;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.InstanceTypeResolver;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;
import dev.spotter.interruption.InterruptionParsers;
import dev.spotter.interruption.InterruptionPolicy;
import dev.spotter.interruption.RebalanceMode;
import dev.spotter.lifecycle.LifecycleInput;
import dev.spotter.lifecycle.LifecyclePlanner;
import dev.spotter.manifest.ManifestReader;
import dev.spotter.manifest.Manifests;
import dev.spotter.scheduling.Plan;
import dev.spotter.scheduling.Scheduler;
import dev.spotter.scheduling.SchedulingInput;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The warm-ups the SQS and scheduled functions run before Lambda SnapStart takes their snapshot (see {@link Priming}):
 * they read the shipped samples with {@link Json#MAPPER}, load the catalog (kept: {@link CatalogCsv#loadDefault()}
 * caches it, so the restored function does not parse it again) and plan a tiny cluster with the placement engine, so
 * the classes are loaded and the hot paths compiled. They never build an AWS or Kubernetes client, read no
 * credentials and keep no timestamp: every time they use comes from a sample.
 */
public final class WarmUps {
    /** A NodePool, an EC2NodeClass and two pending pods, on the classpath. */
    public static final String PRIMING_CLUSTER = "priming/cluster.yaml";

    private WarmUps() {
    }

    /** The provisioner's: provisioning signals as SQS batches, then one plan. */
    public static Runnable provisioner() {
        return () -> {
            for (SQSEvent.SQSMessage message : sqs("sqs/provisioning-signal.json").getRecords()) {
                ProvisioningSignal.fromJson(Json.MAPPER, message.getBody());
            }
            ProvisioningSignal.fromJson(Json.MAPPER, Samples.read(Samples.PROVISIONING_SIGNAL));
            planOnce();
        };
    }

    /**
     * The interruption function's: the sample SQS batch and every EventBridge sample parsed, each decided by the
     * policy (no NodeClaim owns the sample instances, as for a stray event), then one plan: an interruption can run a
     * provisioning pass.
     */
    public static Runnable interruption(InterruptionParsers parsers) {
        Runnable parsing = Priming.parsingInterruptionSamples(parsers);
        return () -> {
            parsing.run();
            for (RebalanceMode mode : RebalanceMode.values()) {
                InterruptionPolicy policy = new InterruptionPolicy(mode);
                for (String sample : Samples.INTERRUPTION_EVENTS) {
                    policy.decide(parsers.parse(Samples.read(sample)), Map.of());
                }
            }
            planOnce();
        };
    }

    /** The tick's: the Scheduler input read, the lifecycle planner run on an empty cluster, one plan, one report. */
    public static Runnable tick(LifecyclePlanner planner) {
        return () -> {
            ScheduledTick tick = ScheduledTick.fromJson(Json.MAPPER, Samples.read("tick/scheduled.json"));
            Manifests cluster = primingCluster();
            Map<String, NodePool> pools = new LinkedHashMap<>();
            cluster.nodePools().forEach(pool -> pools.put(pool.name(), pool));
            planner.plan(new LifecycleInput(tick.scheduledTime(), List.of(), cluster.nodes(), Map.of(), List.of(), pools, Map.of()));
            Plan plan = planOnce();
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("scheduledTime", tick.scheduledTime().toString());
            report.put("commands", new TreeMap<String, Long>());
            report.put("launched", plan.nodeClaims().size());
            writeJson(report);
        };
    }

    /**
     * Resolves the catalog for the priming cluster's EC2NodeClass and plans its pending pods.
     *
     * @throws IllegalStateException when the plan places no pod: the warm-up would have skipped the engine's paths
     */
    static Plan planOnce() {
        Manifests cluster = primingCluster();
        Catalog catalog = CatalogCsv.loadDefault();
        InstanceTypeResolver resolver = InstanceTypeResolver.estimated(catalog);
        Map<String, List<InstanceType>> types = new TreeMap<>();
        for (NodeClass nodeClass : cluster.nodeClasses()) {
            types.put(nodeClass.name(), resolver.resolve(catalog, nodeClass, Set.of()));
        }
        Plan plan = Scheduler.create().plan(SchedulingInput.builder()
                .pendingPods(cluster.pendingPods())
                .nodePools(cluster.nodePools())
                .nodeClasses(cluster.nodeClasses())
                .instanceTypes(types)
                .build());
        if (plan.nodeClaims().isEmpty()) {
            throw new IllegalStateException("the priming plan placed none of " + cluster.pendingPods().size()
                    + " pods: " + plan.unschedulable());
        }
        plan.nodeClaims().forEach(claim -> claim.toNodeClaim("warm-up", Instant.EPOCH));
        return plan;
    }

    static Manifests primingCluster() {
        try (InputStream in = WarmUps.class.getClassLoader().getResourceAsStream(PRIMING_CLUSTER)) {
            if (in == null) {
                throw new IllegalStateException(PRIMING_CLUSTER + " is not on the classpath");
            }
            return ManifestReader.read(PRIMING_CLUSTER, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PRIMING_CLUSTER, e);
        }
    }

    private static SQSEvent sqs(String sample) {
        try {
            return Json.MAPPER.readValue(Samples.read(sample), SQSEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sample " + sample + " is not an SQS event", e);
        }
    }

    private static void writeJson(Object value) {
        try {
            Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
