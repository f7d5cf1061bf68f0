package dev.spotter.nodeclaim;

/** A conditional write lost: the stored item is not at the version the writer read (or already exists). */
public class VersionConflictException extends RuntimeException {
    private final String itemName;

    public VersionConflictException(String itemName, String message) {
        super(message);
        this.itemName = itemName;
    }

    public String itemName() {
        return itemName;
    }
}
