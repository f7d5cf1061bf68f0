package dev.spotter.model;

import java.util.List;

/** A pod toleration; an empty key with operator Exists tolerates everything, an empty effect every effect. */
public record Toleration(String key, String operator, String value, String effect) {
    public Toleration {
        key = key == null ? "" : key;
        operator = operator == null || operator.isEmpty() ? "Equal" : operator;
        value = value == null ? "" : value;
        effect = effect == null ? "" : effect;
        if (!operator.equals("Equal") && !operator.equals("Exists")) {
            throw new IllegalArgumentException("toleration operator must be Equal or Exists, got '" + operator + "'");
        }
    }

    public boolean tolerates(Taint taint) {
        if (!effect.isEmpty() && !effect.equals(taint.effect())) {
            return false;
        }
        if (key.isEmpty()) {
            return operator.equals("Exists");
        }
        if (!key.equals(taint.key())) {
            return false;
        }
        return operator.equals("Exists") || value.equals(taint.value());
    }

    /** The first taint in {@code taints} that repels and none of {@code tolerations} tolerates, or null. */
    public static Taint firstUntolerated(List<Taint> taints, List<Toleration> tolerations) {
        for (Taint taint : taints) {
            if (taint.repels() && tolerations.stream().noneMatch(t -> t.tolerates(taint))) {
                return taint;
            }
        }
        return null;
    }
}
