package dev.spotter.catalog;

import dev.spotter.config.NodeOverlay;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies NodeOverlays to resolved instance types, with Karpenter's precedence: overlays are ordered by weight (higher
 * first), equal weights by name (alphabetical); for each extended resource the first overlay that selects the type and
 * sets it decides its amount (capacity of different overlays merge); for each offering the first overlay that selects
 * it (the type's labels with the offering's zone and capacity type) and changes the price decides the price, applied to
 * the offering's own price. A MIG configuration named by an overlay ({@link MigProfiles}) adds the MIG devices of the
 * type's GPUs and takes the partitioned GPUs away from {@code nvidia.com/gpu}.
 */
public final class NodeOverlays {
    private static final Comparator<NodeOverlay> PRECEDENCE =
            Comparator.comparingInt(NodeOverlay::weight).reversed().thenComparing(NodeOverlay::name);

    private final List<NodeOverlay> ordered;

    private NodeOverlays(List<NodeOverlay> overlays) {
        this.ordered = overlays.stream().sorted(PRECEDENCE).toList();
    }

    public static NodeOverlays of(List<NodeOverlay> overlays) {
        return new NodeOverlays(overlays);
    }

    public boolean isEmpty() {
        return ordered.isEmpty();
    }

    public List<InstanceType> apply(List<InstanceType> types) {
        if (ordered.isEmpty()) {
            return types;
        }
        List<InstanceType> result = new ArrayList<>(types.size());
        for (InstanceType type : types) {
            result.add(apply(type));
        }
        return result;
    }

    public InstanceType apply(InstanceType type) {
        Map<String, Long> added = new LinkedHashMap<>();
        String migConfig = "";
        for (NodeOverlay overlay : ordered) {
            if (!selects(overlay, type.requirements())) {
                continue;
            }
            overlay.capacity().asMap().forEach(added::putIfAbsent);
            if (migConfig.isEmpty() && !overlay.migConfig().isEmpty()) {
                migConfig = overlay.migConfig();
            }
        }
        Resources capacity = type.capacity();
        Resources allocatable = type.allocatable();
        if (!migConfig.isEmpty()) {
            Map<String, Long> mig = MigProfiles.resources(type.spec(), migConfig);
            if (!mig.isEmpty()) {
                mig.forEach(added::putIfAbsent);
                capacity = with(capacity, Resources.NVIDIA_GPU, 0);
                allocatable = with(allocatable, Resources.NVIDIA_GPU, 0);
            }
        }
        for (Map.Entry<String, Long> entry : added.entrySet()) {
            capacity = with(capacity, entry.getKey(), entry.getValue());
            allocatable = with(allocatable, entry.getKey(), entry.getValue());
        }
        List<Offering> offerings = new ArrayList<>(type.offerings().size());
        for (Offering offering : type.offerings()) {
            offerings.add(priced(type, offering));
        }
        return new InstanceType(type.spec(), type.requirements(), capacity, allocatable, offerings);
    }

    private Offering priced(InstanceType type, Offering offering) {
        Requirements labels = type.requirements()
                .and(Requirement.in(WellKnownLabels.ZONE, offering.zone()))
                .and(Requirement.in(WellKnownLabels.CAPACITY_TYPE, offering.capacityType().label()));
        for (NodeOverlay overlay : ordered) {
            if (overlay.priceChange().isPresent() && selects(overlay, labels)) {
                return offering.withPrice(overlay.priceChange().get().applyTo(offering.pricePerHour()));
            }
        }
        return offering;
    }

    private static boolean selects(NodeOverlay overlay, Requirements labels) {
        return labels.incompatibilityWith(overlay.requirements(), Set.of()).isEmpty();
    }

    private static Resources with(Resources resources, String name, long value) {
        Map<String, Long> map = new LinkedHashMap<>(resources.asMap());
        map.put(name, value);
        return Resources.of(map);
    }
}
