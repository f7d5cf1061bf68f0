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
 * provisioning pass; if the pass fails, every signal it answered is reported failed and comes back. A malformed signal
 * is reported on its own, and reaches the dead-letter queue after its retries.
 */
public final class ProvisionerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionerHandler.class);

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
                ProvisioningReports.record(runtime.metrics(),
                        runtime.provisioningPass().run(Invocation.holder(context, "local"), runtime.settings().config(), runtime.settings().dryRun()));
            } catch (RuntimeException e) {
                LOG.error("provisioning pass failed; its {} signals will be retried", signals.size(), e);
                signals.forEach(m -> failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId())));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
