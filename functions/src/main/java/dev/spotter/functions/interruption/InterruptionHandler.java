package dev.spotter.functions.interruption;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.spotter.functions.provisioner.ProvisioningOutcome;
import dev.spotter.functions.provisioner.ProvisioningReports;
import dev.spotter.functions.runtime.Invocation;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.Priming;
import dev.spotter.functions.runtime.ProvisioningSignal;
import dev.spotter.functions.runtime.SqsBatchProcessor;
import dev.spotter.functions.runtime.WarmUps;
import dev.spotter.functions.wiring.SpotterRuntime;
import dev.spotter.interruption.InterruptionAction;
import dev.spotter.interruption.InterruptionEvent;
import dev.spotter.interruption.InterruptionParsers;
import dev.spotter.interruption.InterruptionPolicy;
import dev.spotter.nodeclaim.NodeClaim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.spotter.functions.runtime.LogKeys.nodeClaim;

/**
 * Wakes on the interruption queue (EventBridge: spot interruption warnings, rebalance recommendations, state changes,
 * AWS Health scheduled changes, capacity-reservation interruptions). Each message is parsed, matched to the NodeClaim
 * of its instance, decided by {@link InterruptionPolicy} and carried out; a message that fails is reported alone.
 * When any message asks for it, one provisioning pass runs at the end, so replacements are on their way within
 * seconds of a two-minute spot warning.
 */
public final class InterruptionHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptionHandler.class);

    /** Below this much remaining time a provisioning pass is handed to the provisioner. */
    static final int PASS_RESERVE_MILLIS = 20_000;

    private final SpotterRuntime runtime;
    private final InterruptionParsers parsers = InterruptionParsers.defaults(Json.MAPPER);

    /** For Lambda: adapters built from the environment on first use, primed for SnapStart. */
    public InterruptionHandler() {
        this(SpotterRuntime.fromEnvironment());
        Priming.register("interruption", WarmUps.interruption(parsers));
    }

    public InterruptionHandler(SpotterRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Invocation.run(context, runtime.metrics(), runtime::flushEvents, () -> handle(event, context));
    }

    private SQSBatchResponse handle(SQSEvent event, Context context) {
        InterruptionPolicy policy = new InterruptionPolicy(runtime.settings().rebalance());
        InterruptionExecutor executor = new InterruptionExecutor(runtime.claims(), runtime.unavailable(),
                runtime.retirement(), runtime.clock(), runtime.events());
        boolean[] provisionNow = {false};
        List<NodeClaim> drains = new ArrayList<>();
        SQSBatchResponse response = new SqsBatchProcessor(runtime.metrics()).process(event,
                message -> parsers.parse(message.getBody()),
                parsed -> provisionNow[0] |= handle(parsed, policy, executor, drains));
        if (provisionNow[0]) {
            provision(context);
        }
        drains.forEach(this::evictFirstGroup);
        return response;
    }

    private boolean handle(InterruptionEvent event, InterruptionPolicy policy, InterruptionExecutor executor,
                           List<NodeClaim> drains) {
        runtime.metrics().count("Interruption" + camel(event.kind().name()));
        Map<String, NodeClaim> owners = new HashMap<>();
        for (String instanceId : event.instanceIds()) {
            runtime.claims().findByInstanceId(runtime.cluster(), instanceId).ifPresent(claim -> owners.put(instanceId, claim));
        }
        boolean provision = false;
        for (InterruptionAction action : policy.decide(event, owners)) {
            if (runtime.settings().dryRun()) {
                LOG.info("[dry run] would act on instance {}: {} {}", action.instanceId(), action.reason(), action.steps());
                continue;
            }
            InterruptionExecutor.Executed executed = executor.execute(action);
            executed.drainStarted().ifPresent(drains::add);
            provision |= executed.provisionNow();
        }
        return provision;
    }

    /** Evicts after the provisioning pass has seen the pods; a failure here is repeated by the tick's drain. */
    private void evictFirstGroup(NodeClaim draining) {
        try {
            runtime.retirement().evictNextGroup(draining);
        } catch (RuntimeException e) {
            LOG.warn("first evictions from NodeClaim {} failed; the tick continues the drain: {}", draining.name(),
                    e.toString(), nodeClaim(draining.name()));
        }
    }

    /**
     * Runs the pass here; if another provisioner holds the lease, or too little of this short-lived function's time
     * is left for a pass, rings the provisioner's doorbell instead.
     */
    private void provision(Context context) {
        if (context != null && context.getRemainingTimeInMillis() < PASS_RESERVE_MILLIS) {
            LOG.info("{} ms left: the provisioner runs the replacement pass", context.getRemainingTimeInMillis());
            runtime.provisioningQueue().send(new ProvisioningSignal("interruption", "", runtime.clock().instant()), Duration.ZERO);
            return;
        }
        try {
            ProvisioningOutcome outcome = runtime.provisioningPass().run(Invocation.holder(context, "interruption"), runtime.settings().config(), false);
            ProvisioningReports.record(runtime.metrics(), outcome);
            if (outcome.leaseAcquired()) {
                return;
            }
        } catch (RuntimeException e) {
            LOG.error("provisioning after an interruption failed; signalling the provisioner", e);
        }
        runtime.provisioningQueue().send(new ProvisioningSignal("interruption", "", runtime.clock().instant()), Duration.ZERO);
    }

    private static String camel(String enumName) {
        StringBuilder text = new StringBuilder();
        for (String part : enumName.toLowerCase(Locale.ROOT).split("_")) {
            text.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return text.toString();
    }
}
