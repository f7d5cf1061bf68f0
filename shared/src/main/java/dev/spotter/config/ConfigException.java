package dev.spotter.config;

/**
 * Configuration or manifest YAML that cannot be used. The message names the file (source), the object
 * (Kind/name, or the document's index when it has no name), the field path, and what was wrong:
 * {@code nodepools.yaml: NodePool/default: spec.template.spec.requirements[2].operator: unknown operator 'Inn' ...}.
 */
public class ConfigException extends RuntimeException {
    private final String source;
    private final String object;
    private final String field;

    public ConfigException(String source, String object, String field, String problem) {
        super(describe(source, object, field, problem));
        this.source = source;
        this.object = object;
        this.field = field;
    }

    static String describe(String source, String object, String field, String problem) {
        StringBuilder text = new StringBuilder(source);
        if (!object.isEmpty()) {
            text.append(": ").append(object);
        }
        if (!field.isEmpty()) {
            text.append(": ").append(field);
        }
        return text.append(": ").append(problem).toString();
    }

    /** The file or other source the YAML came from. */
    public String source() {
        return source;
    }

    /** "NodePool/default", or "document 2" when the object has no name; empty for a file-level problem. */
    public String object() {
        return object;
    }

    /** The field path, e.g. "spec.template.spec.requirements[2].operator"; empty for the object as a whole. */
    public String field() {
        return field;
    }
}
