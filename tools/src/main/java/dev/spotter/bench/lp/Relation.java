package dev.spotter.bench.lp;

/** How a constraint's left-hand side relates to its right-hand side. */
public enum Relation {
    LESS_OR_EQUAL, GREATER_OR_EQUAL, EQUAL;

    Relation flipped() {
        return switch (this) {
            case LESS_OR_EQUAL -> GREATER_OR_EQUAL;
            case GREATER_OR_EQUAL -> LESS_OR_EQUAL;
            case EQUAL -> EQUAL;
        };
    }
}
