package dev.spotter.config;

/** Something tolerated but worth telling the user (an unknown field, a setting Spotter ignores), named like an error. */
public record ConfigWarning(String source, String object, String field, String message) {
    @Override
    public String toString() {
        return ConfigException.describe(source, object, field, message);
    }
}
