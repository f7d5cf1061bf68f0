package dev.spotter.functions.runtime;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.spotter.interruption.InterruptionParsers;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a handler's warm-up before Lambda SnapStart takes its snapshot (CRaC {@code beforeCheckpoint}), so the
 * restored instance starts with Jackson's serializers built and the parsing classes loaded. A warm-up parses the
 * shipped {@link Samples}; it must not call AWS or the cluster (the snapshot would hold stale connections).
 */
public final class Priming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    /** CRaC holds resources weakly: these strong references keep them registered for the life of the JVM. */
    private static final List<Priming> REGISTERED = new ArrayList<>();

    private final String name;
    private final Runnable warmUp;

    private Priming(String name, Runnable warmUp) {
        this.name = name;
        this.warmUp = warmUp;
    }

    /** Registers the warm-up with the global CRaC context; outside SnapStart it simply never runs. */
    public static synchronized Priming register(String name, Runnable warmUp) {
        Priming priming = new Priming(name, warmUp);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /** The warm-ups registered so far in this JVM, in registration order (for tests and diagnostics). */
    public static synchronized List<Priming> registered() {
        return List.copyOf(REGISTERED);
    }

    public String name() {
        return name;
    }

    /**
     * The warm-up of an interruption-queue consumer: reads the sample SQS batch as Lambda's event classes and parses
     * every sample EventBridge event.
     */
    public static Runnable parsingInterruptionSamples(InterruptionParsers parsers) {
        return () -> {
            try {
                Json.MAPPER.readValue(Samples.read("sqs/batch-with-poison.json"), SQSEvent.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("sample SQS batch is unreadable", e);
            }
            for (String sample : Samples.INTERRUPTION_EVENTS) {
                parsers.parse(Samples.read(sample));
            }
        };
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: priming leaves no connections or credentials behind.
    }

    /** Runs the warm-up now; a failing warm-up is logged and never blocks the snapshot. */
    public boolean prime() {
        try {
            warmUp.run();
            LOG.info("primed {} before checkpoint", name);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("priming {} failed; the snapshot is taken without it", name, e);
            return false;
        }
    }
}
