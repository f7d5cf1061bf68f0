package dev.spotter.catalog;

/**
 * One place an instance type can be bought: a zone (name, e.g. us-east-1a) and capacity type, at an hourly price.
 * A reserved offering names its capacity reservation ({@code reservationId}, with its type and the instances it can
 * still take); other offerings have an empty id and a count of 0.
 */
public record Offering(String zone, CapacityType capacityType, double pricePerHour, boolean available,
                       String reservationId, String reservationType, int reservationCapacity) {

    public Offering {
        reservationId = reservationId == null ? "" : reservationId;
        reservationType = reservationType == null ? "" : reservationType;
    }

    public Offering(String zone, CapacityType capacityType, double pricePerHour, boolean available) {
        this(zone, capacityType, pricePerHour, available, "", "", 0);
    }

    public boolean isReserved() {
        return !reservationId.isEmpty();
    }

    public Offering withAvailable(boolean isAvailable) {
        return new Offering(zone, capacityType, pricePerHour, isAvailable, reservationId, reservationType, reservationCapacity);
    }

    public Offering withPrice(double price) {
        return new Offering(zone, capacityType, price, available, reservationId, reservationType, reservationCapacity);
    }
}
