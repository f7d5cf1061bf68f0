package dev.spotter.cli;

/** Thrown while reading a command's arguments or input files; the message is what the user must fix. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
