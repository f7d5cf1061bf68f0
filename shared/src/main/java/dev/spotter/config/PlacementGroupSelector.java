package dev.spotter.config;

/**
 * The EC2NodeClass's {@code placementGroupSelector}: exactly one of a placement group's name or id (pg-...). An unset
 * selector ({@link #NONE}) has both empty.
 */
public record PlacementGroupSelector(String name, String id) {
    public static final PlacementGroupSelector NONE = new PlacementGroupSelector("", "");

    public PlacementGroupSelector {
        name = name == null ? "" : name;
        id = id == null ? "" : id;
    }

    public boolean isSet() {
        return !name.isEmpty() || !id.isEmpty();
    }
}
