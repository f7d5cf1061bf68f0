package dev.spotter.functions.runtime;

import java.time.Duration;

/** Where provisioning signals go (the provisioning SQS queue in Lambda, a recording fake in tests). */
public interface ProvisioningQueue {

    /**
     * Sends the signal, delivered after {@code delay} (0 to 900 seconds, SQS's limit).
     *
     * @throws RuntimeException when it could not be sent; callers decide whether that matters
     */
    void send(ProvisioningSignal signal, Duration delay);
}
