package dev.spotter.interruption;

/**
 * An event body that cannot be read: not JSON, or a field missing or of the wrong type. {@link #field()} names the
 * field as a path from the event's root (e.g. {@code detail.instance-id}, {@code detail.affectedEntities[1]
 * .entityValue}); {@code body} when the body as a whole is unreadable.
 */
public class InterruptionParseException extends RuntimeException {
    private final String field;

    public InterruptionParseException(String field, String problem) {
        super("event field '" + field + "': " + problem);
        this.field = field;
    }

    public InterruptionParseException(String field, String problem, Throwable cause) {
        super("event field '" + field + "': " + problem, cause);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
