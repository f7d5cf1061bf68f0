package dev.spotter.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * NVIDIA Multi-Instance GPU profiles of the MIG-capable GPUs in the catalog, and the MIG configurations an overlay can
 * name. Source: NVIDIA's "Multi-Instance GPU User Guide", section "Supported MIG Profiles" (the profile names and the
 * most instances of each per GPU), and the configurations of NVIDIA's mig-parted default config file shipped with the
 * GPU operator ({@code all-<profile>}: every GPU split into the most instances of one profile; {@code all-balanced}:
 * 2 x 1g, 1 x 2g, 1 x 3g). GPUs are told apart by the catalog's GPU name and per-GPU memory (A100 40 GB on p4d, 80 GB
 * on p4de). Media-extension profiles (+me) are left out: they are never more than one per GPU and no default config
 * uses them. Resources are named as the device plugin's mixed strategy names them: {@code nvidia.com/mig-1g.10gb}.
 */
public final class MigProfiles {
    public static final String RESOURCE_PREFIX = "nvidia.com/mig-";
    public static final String ALL_BALANCED = "all-balanced";

    /** Profile name to the most instances of it one GPU holds, in the guide's order (smallest first). */
    private static final Map<String, Map<String, Integer>> BY_GPU = Map.of(
            "A100-40GB", ordered("1g.5gb", 7, "1g.10gb", 4, "2g.10gb", 3, "3g.20gb", 2, "4g.20gb", 1, "7g.40gb", 1),
            "A100-80GB", ordered("1g.10gb", 7, "1g.20gb", 4, "2g.20gb", 3, "3g.40gb", 2, "4g.40gb", 1, "7g.80gb", 1),
            "H100-80GB", ordered("1g.10gb", 7, "1g.20gb", 4, "2g.20gb", 3, "3g.40gb", 2, "4g.40gb", 1, "7g.80gb", 1),
            "H200-141GB", ordered("1g.18gb", 7, "1g.35gb", 4, "2g.35gb", 3, "3g.71gb", 2, "4g.71gb", 1, "7g.141gb", 1),
            "B200-180GB", ordered("1g.23gb", 7, "1g.45gb", 4, "2g.45gb", 3, "3g.90gb", 2, "4g.90gb", 1, "7g.180gb", 1),
            "A30-24GB", ordered("1g.6gb", 4, "2g.12gb", 2, "4g.24gb", 1));

    private MigProfiles() {
    }

    /** The table key of a type's GPU ("A100-80GB"), when the GPU supports MIG. */
    public static Optional<String> gpuModel(InstanceSpec spec) {
        if (!spec.hasGpu() || !spec.gpuManufacturer().equals("NVIDIA")) {
            return Optional.empty();
        }
        long gib = Math.round(spec.gpuMemoryMib() / 1024.0);
        String model = switch (spec.gpuName()) {
            case "A100" -> gib <= 48 ? "A100-40GB" : "A100-80GB";
            case "H100" -> "H100-80GB";
            case "H200" -> "H200-141GB";
            case "B200" -> "B200-180GB";
            case "A30" -> "A30-24GB";
            default -> "";
        };
        return model.isEmpty() ? Optional.empty() : Optional.of(model);
    }

    /** The profiles one GPU of the model supports, with the most instances of each. */
    public static Map<String, Integer> profiles(String gpuModel) {
        return BY_GPU.getOrDefault(gpuModel, Map.of());
    }

    /** True when {@code config} is all-balanced or all-&lt;profile&gt; of a profile some GPU of the table has. */
    public static boolean isKnownConfig(String config) {
        if (config.equals(ALL_BALANCED)) {
            return true;
        }
        return config.startsWith("all-") && BY_GPU.values().stream().anyMatch(p -> p.containsKey(config.substring(4)));
    }

    /**
     * The MIG devices one node of the type advertises under the configuration, by resource name
     * (nvidia.com/mig-1g.10gb to count); empty when its GPU does not support MIG or has no such profile.
     */
    public static Map<String, Long> resources(InstanceSpec spec, String config) {
        Optional<String> model = gpuModel(spec);
        if (model.isEmpty()) {
            return Map.of();
        }
        Map<String, Integer> profiles = profiles(model.get());
        Map<String, Long> resources = new LinkedHashMap<>();
        if (config.equals(ALL_BALANCED)) {
            List<String> names = List.copyOf(profiles.keySet());
            // 2 x the smallest 1g, 1 x the 2g and 1 x the 3g profile (A30: 2 x 1g, 1 x 2g)
            resources.put(RESOURCE_PREFIX + names.get(0), 2L * spec.gpuCount());
            profiles.keySet().stream().filter(n -> n.startsWith("2g.")).findFirst()
                    .ifPresent(n -> resources.put(RESOURCE_PREFIX + n, (long) spec.gpuCount()));
            if (profiles.size() > 3) {
                profiles.keySet().stream().filter(n -> n.startsWith("3g.")).findFirst()
                        .ifPresent(n -> resources.put(RESOURCE_PREFIX + n, (long) spec.gpuCount()));
            }
            return resources;
        }
        if (config.startsWith("all-")) {
            Integer most = profiles.get(config.substring(4));
            if (most != null) {
                resources.put(RESOURCE_PREFIX + config.substring(4), (long) most * spec.gpuCount());
            }
        }
        return resources;
    }

    private static Map<String, Integer> ordered(Object... pairs) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
