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

/** The instance types each EC2NodeClass can launch right now: the catalog resolved under its kubelet settings. */
public final class InstanceTypeSource {
    private final Catalog catalog;
    private final InstanceTypeResolver resolver;

    public InstanceTypeSource(Catalog catalog, InstanceTypeResolver resolver) {
        this.catalog = catalog;
        this.resolver = resolver;
    }

    public List<InstanceType> forNodeClass(NodeClass nodeClass, Set<OfferingKey> unavailable) {
        return resolver.resolve(catalog, nodeClass, unavailable);
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
