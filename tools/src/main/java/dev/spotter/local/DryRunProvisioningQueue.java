package dev.spotter.local;

import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.ProvisioningQueue;
import dev.spotter.functions.runtime.ProvisioningSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** The webhook's queue under {@code --dry-run}: logs the signal it would send and sends nothing. */
final class DryRunProvisioningQueue implements ProvisioningQueue {
    private static final Logger LOG = LoggerFactory.getLogger(DryRunProvisioningQueue.class);

    private final String queueUrl;

    DryRunProvisioningQueue(String queueUrl) {
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(ProvisioningSignal signal, Duration delay) {
        LOG.info("[dry run] would send {} to {} with a delay of {} s", signal.toJson(Json.MAPPER), queueUrl, delay.toSeconds());
    }
}
