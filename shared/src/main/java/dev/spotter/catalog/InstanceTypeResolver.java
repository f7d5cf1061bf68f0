package dev.spotter.catalog;

import dev.spotter.config.AmiFamily;
import dev.spotter.config.CapacityReservation;
import dev.spotter.config.KubeletConfiguration;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodeOverlay;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns catalog rows into the {@link InstanceType}s one EC2NodeClass would launch: labels, capacity, allocatable and
 * offerings, as Karpenter's instance type provider computes them (aws/karpenter-provider-aws
 * pkg/providers/instancetype/types.go: computeRequirements, computeCapacity, and the overhead functions mirrored in
 * {@link NodeOverhead}). Types no EKS node can run (mac, or non-amd64 under a Windows family) and types with no
 * offering at all are left out. The builder's NodeOverlays ({@link NodeOverlays}) are applied last.
 */
public final class InstanceTypeResolver {
    public static final String HABANA_GAUDI = "habana.ai/gaudi";
    /** Labels of Karpenter's AWS provider that WellKnownLabels does not list. */
    public static final String INSTANCE_NETWORK_BANDWIDTH = "karpenter.k8s.aws/instance-network-bandwidth";
    public static final String INSTANCE_CPU_CLOCK_SPEED = "karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz";
    public static final String INSTANCE_ENCRYPTION_IN_TRANSIT = "karpenter.k8s.aws/instance-encryption-in-transit-supported";
    public static final String INSTANCE_CAPABILITY_FLEX = "karpenter.k8s.aws/instance-capability-flex";
    public static final String INSTANCE_TENANCY = "karpenter.k8s.aws/instance-tenancy";

    /** Karpenter's instanceTypeScheme: category letters, an optional "-6tb" (u-6tb1), the generation digits. */
    private static final Pattern INSTANCE_TYPE_SCHEME = Pattern.compile("^([a-z]+)(-[0-9]+tb)?([0-9]+).*\\.");

    /**
     * Families whose instance store is not NVMe (InstanceStorageInfo.NvmeSupport "unsupported" in
     * DescribeInstanceTypes): Karpenter gives them no instance-local-nvme label. The catalog has no NVMe column.
     */
    private static final Set<String> NON_NVME_INSTANCE_STORE_FAMILIES =
            Set.of("c1", "c3", "d2", "h1", "i2", "m1", "m2", "m3", "r3", "x1", "x1e");

    /** NeuronInfo.NeuronDevices[0].CoreInfo.Count per device, by device name (DescribeInstanceTypes). */
    private static final Map<String, Integer> NEURON_CORES_PER_DEVICE =
            Map.of("Inferentia", 4, "Inferentia2", 2, "Trainium", 2, "Trainium2", 8);

    private final SpotPrices spotPrices;
    private final Set<String> zones;
    private final NodeOverlays overlays;

    private InstanceTypeResolver(Builder builder) {
        this.spotPrices = builder.spotPrices;
        this.zones = builder.zones == null ? null : Set.copyOf(builder.zones);
        this.overlays = builder.overlays;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this resolver's settings, e.g. to restrict it to one EC2NodeClass's zones. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.spotPrices = spotPrices;
        builder.zones = zones;
        builder.overlays = overlays;
        return builder;
    }

    /** A resolver pricing spot from the catalog's estimates, in every zone the catalog lists. */
    public static InstanceTypeResolver estimated(Catalog catalog) {
        return builder().spotPrices(SpotPrices.estimatedFrom(catalog)).build();
    }

    /** Every launchable type of the catalog under {@code nodeClass}; offerings in {@code unavailable} are marked so. */
    public List<InstanceType> resolve(Catalog catalog, NodeClass nodeClass, Set<OfferingKey> unavailable) {
        List<InstanceType> types = new ArrayList<>();
        for (InstanceSpec spec : catalog.specs()) {
            resolve(catalog.region(), spec, nodeClass, unavailable).ifPresent(types::add);
        }
        return types;
    }

    /** One type, or empty when a node of this NodeClass cannot run on it or it has no offering. */
    public Optional<InstanceType> resolve(String region, InstanceSpec spec, NodeClass nodeClass, Set<OfferingKey> unavailable) {
        AmiFamily family = AmiFamily.ofNodeClass(nodeClass);
        String arch = kubernetesArch(spec.arch());
        if (arch.isEmpty() || (family.isWindows() && !arch.equals("amd64"))) {
            return Optional.empty();
        }
        List<Offering> offerings = offerings(spec, unavailable);
        offerings.addAll(0, reservedOfferings(spec, nodeClass, unavailable));
        if (offerings.isEmpty()) {
            return Optional.empty();
        }
        KubeletConfiguration kubelet = nodeClass.kubelet() == null ? KubeletConfiguration.DEFAULT : nodeClass.kubelet();
        Resources capacity = capacity(spec, family, nodeClass, kubelet);
        long eniPodsForMemory = family.usesEniLimitedMemoryOverhead()
                ? NodeOverhead.eniLimitedPods(spec) : capacity.get(Resources.PODS);
        Resources overhead = NodeOverhead.kubeReserved(capacity.cpuMillis(), eniPodsForMemory, kubelet.kubeReserved())
                .plus(NodeOverhead.systemReserved(kubelet.systemReserved()))
                .plus(NodeOverhead.evictionThreshold(capacity.memoryBytes(), capacity.get(Resources.EPHEMERAL_STORAGE),
                        kubelet.evictionHard()));
        Requirements requirements = requirements(region, spec, arch, family, offerings);
        return Optional.of(overlays.apply(new InstanceType(spec, requirements, capacity, capacity.minus(overhead), offerings)));
    }

    /** EC2's architecture as the kubernetes.io/arch label spells it; empty for mac (no EKS node runs there). */
    public static String kubernetesArch(String ec2Arch) {
        return switch (ec2Arch) {
            case "x86_64" -> "amd64";
            case "arm64" -> "arm64";
            default -> "";
        };
    }

    private List<Offering> offerings(InstanceSpec spec, Set<OfferingKey> unavailable) {
        List<Offering> offerings = new ArrayList<>();
        for (String zone : spec.zones()) {
            if (zones != null && !zones.contains(zone)) {
                continue;
            }
            if (spec.spotSupported()) {
                OptionalDouble spot = spotPrices.spotPrice(spec.name(), zone);
                if (spot.isPresent() && Double.isFinite(spot.getAsDouble())) {
                    offerings.add(offering(spec, zone, CapacityType.SPOT, spot.getAsDouble(), unavailable));
                }
            }
            if (!Double.isNaN(spec.onDemandPrice())) {
                offerings.add(offering(spec, zone, CapacityType.ON_DEMAND, spec.onDemandPrice(), unavailable));
            }
        }
        return offerings;
    }

    /**
     * One reserved offering per active capacity reservation of the NodeClass for this type, in a zone the resolver
     * allows. Its price is 0: the reservation is paid for whether used or not, so using it costs nothing more (the
     * planner fills it up to its available count). A reservation with no room left is unavailable.
     */
    private List<Offering> reservedOfferings(InstanceSpec spec, NodeClass nodeClass, Set<OfferingKey> unavailable) {
        List<Offering> offerings = new ArrayList<>();
        for (CapacityReservation reservation : nodeClass.capacityReservations()) {
            if (!reservation.instanceType().equals(spec.name())
                    || (zones != null && !zones.contains(reservation.availabilityZone()))) {
                continue;
            }
            boolean available = reservation.availableInstanceCount() > 0
                    && !unavailable.contains(new OfferingKey(CapacityType.RESERVED, spec.name(), reservation.availabilityZone()));
            offerings.add(new Offering(reservation.availabilityZone(), CapacityType.RESERVED, 0.0, available, reservation.id(),
                    reservation.reservationType().label(), reservation.availableInstanceCount()));
        }
        return offerings;
    }

    private static Offering offering(InstanceSpec spec, String zone, CapacityType type, double price, Set<OfferingKey> unavailable) {
        return new Offering(zone, type, price, !unavailable.contains(new OfferingKey(type, spec.name(), zone)));
    }

    /** computeCapacity(): cpu, memory, ephemeral-storage, pods and the accelerators the device plugins advertise. */
    private static Resources capacity(InstanceSpec spec, AmiFamily family, NodeClass nodeClass, KubeletConfiguration kubelet) {
        Resources.Builder capacity = Resources.builder()
                .cpuMillis(spec.vcpu() * 1000L)
                .memoryBytes(NodeOverhead.memoryBytes(spec))
                .set(Resources.EPHEMERAL_STORAGE, NodeOverhead.ephemeralStorageBytes(spec, family,
                        nodeClass.blockDeviceMappings(), nodeClass.instanceStorePolicy()))
                .pods(NodeOverhead.pods(spec, family, kubelet));
        switch (spec.gpuManufacturer()) {
            case "NVIDIA" -> capacity.set(Resources.NVIDIA_GPU, spec.gpuCount());
            case "AMD" -> capacity.set(Resources.AMD_GPU, spec.gpuCount());
            case "Habana" -> capacity.set(HABANA_GAUDI, spec.gpuCount());
            default -> { }
        }
        if (isNeuron(spec)) {
            capacity.set(Resources.NEURON, spec.acceleratorCount());
            capacity.set(Resources.NEURON_CORE,
                    (long) spec.acceleratorCount() * NEURON_CORES_PER_DEVICE.getOrDefault(spec.acceleratorName(), 0));
        }
        return capacity.build();
    }

    /** Inferentia and Trainium (EC2's NeuronInfo); FPGAs and media accelerators get no label nor resource. */
    private static boolean isNeuron(InstanceSpec spec) {
        return spec.hasAccelerator() && spec.acceleratorManufacturer().equals("AWS");
    }

    /**
     * computeRequirements(): one value per label, except zone and capacity type (every offering's). A label with no
     * value is DoesNotExist, so that a pod asking for, say, a GPU name never matches a type without one.
     */
    private static Requirements requirements(String region, InstanceSpec spec, String arch, AmiFamily family, List<Offering> offerings) {
        Set<String> zoneValues = new LinkedHashSet<>();
        Set<String> capacityTypes = new LinkedHashSet<>();
        for (Offering offering : offerings) {
            zoneValues.add(offering.zone());
            capacityTypes.add(offering.capacityType().label());
        }
        List<Requirement> list = new ArrayList<>();
        list.add(Requirement.in(WellKnownLabels.INSTANCE_TYPE, spec.name()));
        list.add(Requirement.in(WellKnownLabels.ARCH, arch));
        list.add(Requirement.in(WellKnownLabels.OS, family.isWindows() ? "windows" : "linux"));
        list.add(Requirement.of(WellKnownLabels.ZONE, dev.spotter.model.Operator.IN, zoneValues));
        list.add(Requirement.in(WellKnownLabels.REGION, region));
        list.add(Requirement.of(WellKnownLabels.CAPACITY_TYPE, dev.spotter.model.Operator.IN, capacityTypes));
        list.add(Requirement.in(WellKnownLabels.INSTANCE_CPU, String.valueOf(spec.vcpu())));
        list.add(label(WellKnownLabels.INSTANCE_CPU_MANUFACTURER, lowerKebab(spec.processorManufacturer())));
        list.add(Requirement.in(WellKnownLabels.INSTANCE_MEMORY, String.valueOf(spec.memoryMib())));
        // The catalog has no EBS or network bandwidth, clock speed nor encryption-in-transit: unset, not guessed.
        list.add(Requirement.doesNotExist(WellKnownLabels.INSTANCE_EBS_BANDWIDTH));
        list.add(Requirement.doesNotExist(INSTANCE_NETWORK_BANDWIDTH));
        list.add(Requirement.doesNotExist(INSTANCE_CPU_CLOCK_SPEED));
        list.add(Requirement.doesNotExist(INSTANCE_ENCRYPTION_IN_TRANSIT));
        list.add(Requirement.in(INSTANCE_CAPABILITY_FLEX, String.valueOf(spec.family().contains("-flex"))));
        // Karpenter offers default and dedicated; Spotter launches shared tenancy only.
        list.add(Requirement.in(INSTANCE_TENANCY, "default"));
        Matcher scheme = INSTANCE_TYPE_SCHEME.matcher(spec.name());
        boolean matched = scheme.find();
        list.add(label(WellKnownLabels.INSTANCE_CATEGORY, matched ? scheme.group(1) : ""));
        list.add(label(WellKnownLabels.INSTANCE_GENERATION, matched ? scheme.group(3) : ""));
        String[] parts = spec.name().split("\\.");
        list.add(label(WellKnownLabels.INSTANCE_FAMILY, parts.length == 2 ? parts[0] : ""));
        list.add(label(WellKnownLabels.INSTANCE_SIZE, parts.length == 2 ? parts[1] : ""));
        boolean nvme = spec.localStorageGb() > 0 && !NON_NVME_INSTANCE_STORE_FAMILIES.contains(spec.family());
        list.add(label(WellKnownLabels.INSTANCE_LOCAL_NVME, nvme ? String.valueOf(spec.localStorageGb()) : ""));
        boolean gpu = spec.hasGpu();
        list.add(label(WellKnownLabels.INSTANCE_GPU_NAME, gpu ? lowerKebab(spec.gpuName()) : ""));
        list.add(label(WellKnownLabels.INSTANCE_GPU_MANUFACTURER, gpu ? lowerKebab(spec.gpuManufacturer()) : ""));
        list.add(label(WellKnownLabels.INSTANCE_GPU_COUNT, gpu ? String.valueOf(spec.gpuCount()) : ""));
        list.add(label(WellKnownLabels.INSTANCE_GPU_MEMORY, gpu && spec.gpuMemoryMib() > 0 ? String.valueOf(spec.gpuMemoryMib()) : ""));
        boolean neuron = isNeuron(spec);
        list.add(label(WellKnownLabels.INSTANCE_ACCELERATOR_NAME, neuron ? lowerKebab(spec.acceleratorName()) : ""));
        list.add(label(WellKnownLabels.INSTANCE_ACCELERATOR_MANUFACTURER, neuron ? "aws" : ""));
        list.add(label(WellKnownLabels.INSTANCE_ACCELERATOR_COUNT, neuron ? String.valueOf(spec.acceleratorCount()) : ""));
        // Karpenter writes In [""] for bare metal; an empty label value is no label, so it is DoesNotExist here.
        list.add(label(WellKnownLabels.INSTANCE_HYPERVISOR, spec.hypervisor()));
        return Requirements.of(list);
    }

    private static Requirement label(String key, String value) {
        return value.isEmpty() ? Requirement.doesNotExist(key) : Requirement.in(key, value);
    }

    /** Karpenter's lowerKabobCase: lower case, spaces to dashes ("RTX PRO Server 6000" -> "rtx-pro-server-6000"). */
    static String lowerKebab(String text) {
        return text.replace(" ", "-").toLowerCase(Locale.ROOT);
    }

    public static final class Builder {
        private SpotPrices spotPrices = (type, zone) -> OptionalDouble.empty();
        private Set<String> zones;
        private NodeOverlays overlays = NodeOverlays.of(List.of());

        /** NodeOverlays to apply to every resolved type (Karpenter's v1alpha1 NodeOverlay); none by default. */
        public Builder overlays(List<NodeOverlay> value) {
            this.overlays = NodeOverlays.of(value);
            return this;
        }

        /** Where spot prices come from; without one, no type has a spot offering. */
        public Builder spotPrices(SpotPrices value) {
            this.spotPrices = Objects.requireNonNull(value, "spotPrices");
            return this;
        }

        /** Restricts offerings to these zones (the NodeClass's subnets' zones); unset: every zone of the catalog. */
        public Builder zones(Set<String> value) {
            this.zones = value;
            return this;
        }

        public InstanceTypeResolver build() {
            return new InstanceTypeResolver(this);
        }
    }
}
