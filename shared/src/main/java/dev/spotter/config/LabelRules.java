package dev.spotter.config;

import dev.spotter.model.WellKnownLabels;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kubernetes label syntax and the label domains Karpenter v1's NodePool CRD keeps for itself (the x-validations on
 * spec.template.spec.requirements[].key and spec.template.metadata.labels in karpenter.sh_nodepools.yaml).
 */
public final class LabelRules {
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** kubernetes.io labels a NodePool may constrain. */
    private static final Set<String> ALLOWED_KUBERNETES_IO = Set.of("beta.kubernetes.io/instance-type",
            "failure-domain.beta.kubernetes.io/region", "beta.kubernetes.io/os", "beta.kubernetes.io/arch",
            "failure-domain.beta.kubernetes.io/zone", "topology.kubernetes.io/zone", "topology.kubernetes.io/region",
            "kubernetes.io/arch", "kubernetes.io/os", "node.kubernetes.io/windows-build");

    /** karpenter.k8s.aws labels a NodePool may constrain (the provider's well-known labels). */
    private static final Set<String> ALLOWED_KARPENTER_K8S_AWS = Set.of("karpenter.k8s.aws/capacity-reservation-id",
            "karpenter.k8s.aws/ec2nodeclass", "karpenter.k8s.aws/instance-encryption-in-transit-supported",
            WellKnownLabels.INSTANCE_CATEGORY, WellKnownLabels.INSTANCE_HYPERVISOR, WellKnownLabels.INSTANCE_FAMILY,
            WellKnownLabels.INSTANCE_GENERATION, WellKnownLabels.INSTANCE_LOCAL_NVME, WellKnownLabels.INSTANCE_SIZE,
            WellKnownLabels.INSTANCE_CPU, WellKnownLabels.INSTANCE_CPU_MANUFACTURER,
            "karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz", WellKnownLabels.INSTANCE_MEMORY,
            WellKnownLabels.INSTANCE_EBS_BANDWIDTH, "karpenter.k8s.aws/instance-network-bandwidth",
            WellKnownLabels.INSTANCE_GPU_NAME, WellKnownLabels.INSTANCE_GPU_MANUFACTURER, WellKnownLabels.INSTANCE_GPU_COUNT,
            WellKnownLabels.INSTANCE_GPU_MEMORY, WellKnownLabels.INSTANCE_ACCELERATOR_NAME,
            WellKnownLabels.INSTANCE_ACCELERATOR_MANUFACTURER, WellKnownLabels.INSTANCE_ACCELERATOR_COUNT,
            "karpenter.k8s.aws/instance-capability-flex", "karpenter.k8s.aws/instance-tenancy");

    private LabelRules() {
    }

    /** Why {@code key} is not a valid qualified name ("prefix/name" or "name"), or empty when it is. */
    public static Optional<String> invalidKey(String key) {
        if (key.isEmpty()) {
            return Optional.of("a label key must not be empty");
        }
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? "" : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0 && (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
            return Optional.of("'" + key + "' has an invalid prefix: it must be a lower-case DNS subdomain");
        }
        if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
            return Optional.of("'" + key + "' is not a valid label key: the name part must be 1-63 alphanumerics, '-', '_' or '.', "
                    + "starting and ending with an alphanumeric");
        }
        return Optional.empty();
    }

    /** Why {@code value} is not a valid label value, or empty when it is (empty values are valid). */
    public static Optional<String> invalidValue(String value) {
        if (value.isEmpty() || (value.length() <= 63 && NAME.matcher(value).matches())) {
            return Optional.empty();
        }
        return Optional.of("'" + value + "' is not a valid label value: at most 63 alphanumerics, '-', '_' or '.', "
                + "starting and ending with an alphanumeric");
    }

    /**
     * Why a NodePool may not use {@code key} in its requirements or template labels, or empty when it may. The
     * messages are Karpenter's.
     */
    public static Optional<String> restrictedForNodePool(String key) {
        String domain = key.contains("/") ? key.substring(0, key.indexOf('/')) : "";
        if (key.equals(WellKnownLabels.HOSTNAME)) {
            return Optional.of("label \"kubernetes.io/hostname\" is restricted");
        }
        if (domain.endsWith("kubernetes.io") && !ALLOWED_KUBERNETES_IO.contains(key)
                && !domain.endsWith("node.kubernetes.io") && !domain.endsWith("node-restriction.kubernetes.io")) {
            return Optional.of("label domain \"kubernetes.io\" is restricted");
        }
        if (domain.endsWith("k8s.io") && !domain.endsWith("kops.k8s.io")) {
            return Optional.of("label domain \"k8s.io\" is restricted");
        }
        if (domain.endsWith("karpenter.sh") && !key.equals(WellKnownLabels.CAPACITY_TYPE) && !key.equals(WellKnownLabels.NODEPOOL)) {
            return Optional.of("label domain \"karpenter.sh\" is restricted");
        }
        if (domain.endsWith("karpenter.k8s.aws") && !ALLOWED_KARPENTER_K8S_AWS.contains(key)) {
            return Optional.of("label domain \"karpenter.k8s.aws\" is restricted");
        }
        return Optional.empty();
    }
}
