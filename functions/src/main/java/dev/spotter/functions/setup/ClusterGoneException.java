package dev.spotter.functions.setup;

/** The EKS cluster does not exist (any more): on delete there is nothing left to remove. */
final class ClusterGoneException extends RuntimeException {

    ClusterGoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
