package dev.spotter.functions.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records the signals sent; {@link #failWith} makes every later send throw, as an unreachable queue would. */
public final class RecordingProvisioningQueue implements ProvisioningQueue {
    public record Sent(ProvisioningSignal signal, Duration delay) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private RuntimeException failure;

    public synchronized RecordingProvisioningQueue failWith(RuntimeException failure) {
        this.failure = failure;
        return this;
    }

    @Override
    public synchronized void send(ProvisioningSignal signal, Duration delay) {
        if (failure != null) {
            throw failure;
        }
        sent.add(new Sent(signal, delay));
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }
}
