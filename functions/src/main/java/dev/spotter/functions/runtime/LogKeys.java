package dev.spotter.functions.runtime;

import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.argument.StructuredArgument;
import software.amazon.lambda.powertools.logging.argument.StructuredArguments;

/**
 * The structured fields of Spotter's JSON logs. Two ways to attach them: for one line, pass
 * {@code LogKeys.nodeClaim(name)} as a log argument ({@code log.info("draining {}", LogKeys.node(n))}); for every
 * line of a scope, {@code try (var ignored = LogKeys.scope(LogKeys.INSTANCE, id)) {...}} (SLF4J MDC, which
 * Powertools' layout writes as top-level JSON fields and clears at the end of each invocation).
 */
public final class LogKeys {
    public static final String NODE_CLAIM = "nodeClaim";
    public static final String INSTANCE = "instance";
    public static final String NODE = "node";
    public static final String POD = "pod";
    public static final String MESSAGE_ID = "messageId";
    public static final String EVENT_ID = "eventId";

    private LogKeys() {
    }

    public static StructuredArgument nodeClaim(String name) {
        return StructuredArguments.entry(NODE_CLAIM, name);
    }

    public static StructuredArgument instance(String instanceId) {
        return StructuredArguments.entry(INSTANCE, instanceId);
    }

    public static StructuredArgument node(String name) {
        return StructuredArguments.entry(NODE, name);
    }

    public static StructuredArgument pod(String namespacedName) {
        return StructuredArguments.entry(POD, namespacedName);
    }

    /** Puts the field on every log line until the returned scope is closed. A null value puts nothing. */
    public static MDC.MDCCloseable scope(String key, String value) {
        return MDC.putCloseable(key, value);
    }
}
