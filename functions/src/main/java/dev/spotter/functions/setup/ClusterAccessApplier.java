package dev.spotter.functions.setup;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Applies and removes Spotter's cluster objects. Apply is create-or-update (POST, and on 409 an unconditional PUT of
 * the whole object): these objects are Spotter's alone, so Create and Update are the same idempotent call, and a
 * hand-edited copy is put back as Spotter defines it. Delete tolerates objects already gone.
 *
 * <p>An EKS access entry takes a few seconds to be honoured after CloudFormation creates it, so 401 and 403 answers
 * are retried for a while before giving up.
 */
final class ClusterAccessApplier {

    static final int MAX_ATTEMPTS = 12;
    static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

    private final Consumer<Duration> pause;

    ClusterAccessApplier(Consumer<Duration> pause) {
        this.pause = pause;
    }

    void apply(KubernetesClient client, List<HasMetadata> objects) {
        for (HasMetadata object : objects) {
            withAccessRetry("apply " + describe(object), () ->
                    client.resource(object).unlock().createOr(NonDeletingOperation::update));
        }
    }

    /** Removes in reverse order: the webhook first, so nothing calls a controller that lost its rights. */
    void delete(KubernetesClient client, List<HasMetadata> objects) {
        for (int i = objects.size() - 1; i >= 0; i--) {
            HasMetadata object = objects.get(i);
            withAccessRetry("delete " + describe(object), () -> client.resource(object).delete());
        }
    }

    private void withAccessRetry(String what, Runnable call) {
        for (int attempt = 1; ; attempt++) {
            try {
                call.run();
                return;
            } catch (KubernetesClientException e) {
                if (!isAccessNotYetGranted(e) || attempt >= MAX_ATTEMPTS) {
                    throw new ClusterAccessException("cannot " + what + " (HTTP " + e.getCode() + " after " + attempt
                            + " attempt(s)): " + e.getMessage(), e);
                }
                pause.accept(RETRY_PAUSE);
            }
        }
    }

    private static boolean isAccessNotYetGranted(KubernetesClientException e) {
        return e.getCode() == 401 || e.getCode() == 403;
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getName();
    }
}
