package dev.spotter.model;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable bundle of resource amounts: cpu in millicores, memory and ephemeral-storage in bytes,
 * pods and extended resources (nvidia.com/gpu, aws.amazon.com/neuron, ...) as counts.
 */
public final class Resources {
    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";
    public static final String NVIDIA_GPU = "nvidia.com/gpu";
    public static final String AMD_GPU = "amd.com/gpu";
    public static final String NEURON = "aws.amazon.com/neuron";
    public static final String NEURON_CORE = "aws.amazon.com/neuroncore";

    public static final Resources NONE = new Resources(new TreeMap<>());

    private final TreeMap<String, Long> amounts;

    private Resources(TreeMap<String, Long> amounts) {
        this.amounts = amounts;
    }

    public static Resources of(Map<String, Long> amounts) {
        TreeMap<String, Long> copy = new TreeMap<>();
        amounts.forEach((name, value) -> {
            if (value < 0) {
                throw new IllegalArgumentException("negative amount of " + name + ": " + value);
            }
            if (value > 0) {
                copy.put(name, value);
            }
        });
        return new Resources(copy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Parses a Kubernetes ResourceList ({cpu: "500m", memory: "1Gi"}); cpu becomes millicores. */
    public static Resources parse(Map<String, String> list) {
        Builder builder = builder();
        list.forEach((name, text) -> builder.set(name, CPU.equals(name) ? Quantity.parseMillis(text) : Quantity.parseValue(text)));
        return builder.build();
    }

    public long get(String name) {
        return amounts.getOrDefault(name, 0L);
    }

    public long cpuMillis() {
        return get(CPU);
    }

    public long memoryBytes() {
        return get(MEMORY);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(amounts.keySet());
    }

    public Map<String, Long> asMap() {
        return Collections.unmodifiableMap(amounts);
    }

    public boolean isEmpty() {
        return amounts.isEmpty();
    }

    public Resources plus(Resources other) {
        TreeMap<String, Long> sum = new TreeMap<>(amounts);
        other.amounts.forEach((name, value) -> sum.merge(name, value, Math::addExact));
        return new Resources(sum);
    }

    /** Subtracts, flooring each amount at zero. */
    public Resources minus(Resources other) {
        TreeMap<String, Long> difference = new TreeMap<>(amounts);
        other.amounts.forEach((name, value) -> difference.computeIfPresent(name, (k, v) -> v - value > 0 ? v - value : null));
        return new Resources(difference);
    }

    /** The element-wise maximum. */
    public Resources max(Resources other) {
        TreeMap<String, Long> result = new TreeMap<>(amounts);
        other.amounts.forEach((name, value) -> result.merge(name, value, Math::max));
        return new Resources(result);
    }

    /** True when every amount asked for here is available in {@code capacity}. */
    public boolean fitsIn(Resources capacity) {
        for (Map.Entry<String, Long> entry : amounts.entrySet()) {
            if (entry.getValue() > capacity.get(entry.getKey())) {
                return false;
            }
        }
        return true;
    }

    /** The resource names for which this asks more than {@code capacity} has. */
    public Set<String> exceeding(Resources capacity) {
        TreeMap<String, Long> over = new TreeMap<>();
        amounts.forEach((name, value) -> {
            if (value > capacity.get(name)) {
                over.put(name, value);
            }
        });
        return over.keySet();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Resources r && r.amounts.equals(amounts);
    }

    @Override
    public int hashCode() {
        return amounts.hashCode();
    }

    @Override
    public String toString() {
        return amounts.toString();
    }

    public static final class Builder {
        private final TreeMap<String, Long> amounts = new TreeMap<>();

        public Builder set(String name, long value) {
            amounts.put(name, value);
            return this;
        }

        public Builder add(String name, long value) {
            amounts.merge(name, value, Math::addExact);
            return this;
        }

        public Builder cpuMillis(long value) {
            return set(CPU, value);
        }

        public Builder memoryBytes(long value) {
            return set(MEMORY, value);
        }

        public Builder pods(long value) {
            return set(PODS, value);
        }

        public Resources build() {
            return of(amounts);
        }
    }
}
