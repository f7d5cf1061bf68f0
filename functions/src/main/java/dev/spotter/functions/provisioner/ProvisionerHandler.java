package dev.spotter.functions.provisioner;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.spotter.functions.runtime.Invocation;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.Priming;
import dev.spotter.functions.runtime.ProvisioningSignal;
import dev.spotter.functions.runtime.WarmUps;
import dev.spotter.functions.wiring.SpotterRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Wakes on the provisioning queue. Every well-formed signal in a batch asks for the same thing, so a batch makes one
 * provisioning pass; if the pass fails, every signal it answered is reported failed and comes back. A pass that finds
 * the lease held rings the doorbell again a few seconds later (one new signal), so no wake-up is lost. A malformed
 * signal is reported on its own, and reaches the dead-letter queue after its retries.
 */
public final class ProvisionerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionerHandler.class);

    /** How soon a signal that found the lease held rings again. */
    public static final java.time.Duration LEASE_HELD_RETRY = java.time.Duration.ofSeconds(10);
    /** The reason of a signal rung again because the lease was held. */
    public static final String LEASE_HELD = "lease-held";

    private final SpotterRuntime runtime;

    /** For Lambda: adapters built from the environment on first use, primed for SnapStart. */
    public ProvisionerHandler() {
        this(SpotterRuntime.fromEnvironment());
        Priming.register("provisioner", WarmUps.provisioner());
    }

    public ProvisionerHandler(SpotterRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Invocation.run(context, runtime.metrics(), runtime::flushEvents, () -> handle(event, context));
    }

    private SQSBatchResponse handle(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> signals = new ArrayList<>();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
            try {
                ProvisioningSignal.fromJson(Json.MAPPER, message.getBody());
                signals.add(message);
            } catch (RuntimeException e) {
                runtime.metrics().count("ProvisioningSignalsMalformed");
                LOG.warn("malformed provisioning signal {}: {}", message.getMessageId(), e.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        if (!signals.isEmpty()) {
            try {
                ProvisioningOutcome outcome = runtime.provisioningPass().run(Invocation.holder(context, "provisioner"),
                        runtime.settings().config(), runtime.settings().dryRun());
                ProvisioningReports.record(runtime.metrics(), outcome);
                if (!outcome.leaseAcquired()) {
                    ringAgain(signals.size());
                }
            } catch (RuntimeException e) {
                LOG.error("provisioning pass failed; its {} signals will be retried", signals.size(), e);
                signals.forEach(m -> failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId())));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /**
     * The lease was held by a pass or tick that may have read the pods before these signals' pods existed: the
     * doorbell rings again after {@link #LEASE_HELD_RETRY}, so the wake-up is not lost. If that send fails, the
     * signals themselves are reported failed (the caller's catch) and come back after the visibility timeout.
     */
    private void ringAgain(int signals) {
        LOG.info("the lease is held elsewhere; {} signals ring again in {} s", signals, LEASE_HELD_RETRY.toSeconds());
        runtime.metrics().count("ProvisioningSignalsDeferred");
        runtime.provisioningQueue().send(new ProvisioningSignal(LEASE_HELD, "", runtime.clock().instant()),
                LEASE_HELD_RETRY);
    }
}
