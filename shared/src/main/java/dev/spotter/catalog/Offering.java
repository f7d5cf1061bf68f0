package dev.spotter.catalog;

/** One place an instance type can be bought: a zone (name, e.g. us-east-1a) and capacity type, at an hourly price. */
public record Offering(String zone, CapacityType capacityType, double pricePerHour, boolean available) {
    public Offering withAvailable(boolean isAvailable) {
        return new Offering(zone, capacityType, pricePerHour, isAvailable);
    }

    public Offering withPrice(double price) {
        return new Offering(zone, capacityType, price, available);
    }
}
