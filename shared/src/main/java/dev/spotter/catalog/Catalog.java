package dev.spotter.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The instance types of one region, as EC2 describes them, with their prices. */
public final class Catalog {
    private final String region;
    private final Map<String, InstanceSpec> byName;

    public Catalog(String region, List<InstanceSpec> specs) {
        this.region = region;
        Map<String, InstanceSpec> map = new LinkedHashMap<>();
        for (InstanceSpec spec : specs) {
            map.put(spec.name(), spec);
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    public String region() {
        return region;
    }

    public List<InstanceSpec> specs() {
        return List.copyOf(byName.values());
    }

    public Optional<InstanceSpec> find(String instanceType) {
        return Optional.ofNullable(byName.get(instanceType));
    }

    public int size() {
        return byName.size();
    }
}
