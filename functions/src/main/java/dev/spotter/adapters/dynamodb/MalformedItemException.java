package dev.spotter.adapters.dynamodb;

/** A stored item could not be read back: an attribute is missing or of the wrong type (hand edits, old formats). */
public class MalformedItemException extends RuntimeException {
    public MalformedItemException(String message) {
        super(message);
    }

    public MalformedItemException(String message, Throwable cause) {
        super(message, cause);
    }
}
