package dev.spotter.bench;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps the GPU model names of Alibaba's cluster-trace-gpu-v2023 ({@code gpu_spec}, e.g. "V100M16|V100M32|T4") to
 * the values of Karpenter's {@code karpenter.k8s.aws/instance-gpu-name} label. Models with no EC2 counterpart map to
 * nothing and are dropped from a pod's set; see docs/benchmarks.md for the table and the reasons.
 */
public final class GpuModels {
    private static final Map<String, String> EC2_GPU_NAME = Map.ofEntries(
            Map.entry("T4", "t4"),          // g4dn
            Map.entry("A10", "a10g"),       // g5: the A10G is the A10's data-centre variant AWS offers
            Map.entry("V100", "v100"),      // p3dn (p3 is retired)
            Map.entry("V100M16", "v100"),   // p3dn carries 32 GB V100s, which satisfy a 16 GB ask
            Map.entry("V100M32", "v100"),
            Map.entry("A100", "a100"),      // p4d, p4de
            Map.entry("H100", "h100"),      // p5
            Map.entry("L4", "l4"),          // g6, gr6
            Map.entry("L40S", "l40s"));     // g6e
    // not mapped: P100 (no EC2 type ever carried it), G2 and G3 (Alibaba-internal names of undisclosed models)

    private GpuModels() {
    }

    /** The EC2 GPU name for one trace model, if EC2 offers it. */
    public static Optional<String> ec2Name(String traceModel) {
        return Optional.ofNullable(EC2_GPU_NAME.get(traceModel.trim().toUpperCase(Locale.ROOT)));
    }

    /**
     * The EC2 GPU names acceptable for a {@code gpu_spec} value. Empty means "any NVIDIA GPU": either the spec was empty
     * or none of its models exists on EC2.
     */
    public static Set<String> ec2Names(String gpuSpec) {
        Set<String> names = new LinkedHashSet<>();
        if (gpuSpec == null || gpuSpec.isBlank()) {
            return names;
        }
        for (String model : gpuSpec.split("\\|")) {
            ec2Name(model).ifPresent(names::add);
        }
        return names;
    }
}
