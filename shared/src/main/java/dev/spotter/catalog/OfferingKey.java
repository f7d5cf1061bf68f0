package dev.spotter.catalog;

/** Names one offering of one instance type, e.g. for the unavailable-offerings cache. */
public record OfferingKey(CapacityType capacityType, String instanceType, String zone) {
    @Override
    public String toString() {
        return capacityType.label() + ":" + instanceType + ":" + zone;
    }
}
