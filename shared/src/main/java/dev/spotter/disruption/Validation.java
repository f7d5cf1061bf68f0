package dev.spotter.disruption;

/**
 * Whether a command computed earlier still holds on a fresh snapshot (Karpenter validates after 15 s): the candidates
 * are still candidates, within budgets, and (for consolidation) their pods still fit the replacements.
 * {@code reason} says why not when {@code valid} is false.
 */
public record Validation(boolean valid, String reason) {
    public static final Validation VALID = new Validation(true, "");

    public static Validation invalid(String reason) {
        return new Validation(false, reason);
    }
}
