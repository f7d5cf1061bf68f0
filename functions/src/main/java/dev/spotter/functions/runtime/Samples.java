package dev.spotter.functions.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sample payloads of {@code events/}, shipped in the jar under {@code samples/} (copied by the build). Used to
 * warm the code paths before a CRaC snapshot; they are never acted on.
 */
public final class Samples {
    /** EventBridge events, as the interruption queue's message bodies carry them. */
    public static final List<String> INTERRUPTION_EVENTS = List.of(
            "eventbridge/spot-interruption.json",
            "eventbridge/rebalance-recommendation.json",
            "eventbridge/state-change-stopping.json",
            "eventbridge/state-change-stopped.json",
            "eventbridge/state-change-shutting-down.json",
            "eventbridge/state-change-terminated.json",
            "eventbridge/state-change-running.json",
            "eventbridge/scheduled-change.json",
            "eventbridge/health-issue-not-scheduled.json",
            "eventbridge/capacity-reservation-interruption.json",
            "eventbridge/unknown-kind.json");

    /** AdmissionReview requests, as the webhook receives them in a Function URL event's body. */
    public static final List<String> ADMISSION_REVIEWS = List.of(
            "admission/pod-create.json",
            "admission/pod-create-dry-run.json",
            "admission/pod-create-bound.json");

    public static final String PROVISIONING_SIGNAL = "provisioning/pod-created.json";

    private Samples() {
    }

    /** The text of {@code samples/<relative>} on the classpath. */
    public static String read(String relative) {
        String resource = "samples/" + relative;
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("sample " + resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample " + resource, e);
        }
    }
}
