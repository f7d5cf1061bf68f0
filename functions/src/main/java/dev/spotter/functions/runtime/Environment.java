package dev.spotter.functions.runtime;

import java.util.Map;

/** Reads a function's settings from its environment, failing with the name of the variable that is wrong. */
public final class Environment {
    private final Map<String, String> variables;

    public Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Environment system() {
        return new Environment(System.getenv());
    }

    public String required(String name) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value.trim();
    }

    public String optional(String name, String fallback) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public int integer(String name, int fallback, int min, int max) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + "='" + value + "' is not a number", e);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalStateException("environment variable " + name + "=" + parsed + " is outside "
                    + min + ".." + max);
        }
        return parsed;
    }
}
