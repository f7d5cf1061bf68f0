package dev.spotter.functions.provisioner;

import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.InstanceTypeResolver;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.config.NodeClass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The instance types each EC2NodeClass can launch right now: the catalog resolved under its kubelet settings, with
 * offerings only in the zones of its subnets (as Karpenter's instance type provider limits them).
 */
public final class InstanceTypeSource {
    private final Catalog catalog;
    private final InstanceTypeResolver resolver;
    /** One resolver per zone set; NodeClasses usually share their subnets, so there are few. */
    private final Map<Set<String>, InstanceTypeResolver> resolverByZones = new ConcurrentHashMap<>();
    /**
     * The last resolutions: resolving walks the whole catalog, and a warm function (or a simulation) asks the same
     * question many times between changes of the unavailable offerings. Values are immutable lists.
     */
    private final Map<Resolution, List<InstanceType>> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Resolution, List<InstanceType>> eldest) {
            return size() > RECENT_RESOLUTIONS;
        }
    };
    private static final int RECENT_RESOLUTIONS = 32;

    private record Resolution(NodeClass nodeClass, Set<String> zones, Set<OfferingKey> unavailable) {
    }

    public InstanceTypeSource(Catalog catalog, InstanceTypeResolver resolver) {
        this.catalog = catalog;
        this.resolver = resolver;
    }

    /** The types with offerings in every zone of the catalog, for what does not depend on where (node resources). */
    public List<InstanceType> forNodeClass(NodeClass nodeClass, Set<OfferingKey> unavailable) {
        return remembered(new Resolution(nodeClass, null, Set.copyOf(unavailable)),
                () -> resolver.resolve(catalog, nodeClass, unavailable));
    }

    /** The types with offerings in {@code zones} only; none when {@code zones} is empty (the NodeClass has no subnet). */
    public List<InstanceType> forNodeClass(NodeClass nodeClass, Set<String> zones, Set<OfferingKey> unavailable) {
        if (zones.isEmpty()) {
            return List.of();
        }
        Set<String> zoneSet = Set.copyOf(zones);
        return remembered(new Resolution(nodeClass, zoneSet, Set.copyOf(unavailable)), () -> resolverByZones
                .computeIfAbsent(zoneSet, key -> resolver.toBuilder().zones(key).build())
                .resolve(catalog, nodeClass, unavailable));
    }

    private List<InstanceType> remembered(Resolution key, Supplier<List<InstanceType>> resolve) {
        synchronized (recent) {
            List<InstanceType> known = recent.get(key);
            if (known != null) {
                return known;
            }
        }
        List<InstanceType> types = List.copyOf(resolve.get());
        synchronized (recent) {
            recent.put(key, types);
        }
        return types;
    }

    /** The named types, in the order given, for a claim's candidate list; names the catalog lacks are skipped. */
    public static List<InstanceType> named(List<InstanceType> types, List<String> names) {
        Map<String, InstanceType> byName = new LinkedHashMap<>();
        types.forEach(type -> byName.put(type.name(), type));
        List<InstanceType> result = new ArrayList<>();
        for (String name : names) {
            InstanceType type = byName.get(name);
            if (type != null) {
                result.add(type);
            }
        }
        return result;
    }
}
