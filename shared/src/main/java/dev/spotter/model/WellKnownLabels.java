package dev.spotter.model;

import java.util.Set;

/** Label keys Karpenter (and so Spotter) puts on every node it launches. */
public final class WellKnownLabels {
    public static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";
    public static final String ARCH = "kubernetes.io/arch";
    public static final String OS = "kubernetes.io/os";
    public static final String ZONE = "topology.kubernetes.io/zone";
    public static final String REGION = "topology.kubernetes.io/region";
    public static final String HOSTNAME = "kubernetes.io/hostname";
    public static final String CAPACITY_TYPE = "karpenter.sh/capacity-type";
    public static final String NODEPOOL = "karpenter.sh/nodepool";
    public static final String NODECLAIM = "karpenter.sh/nodeclaim";
    public static final String INSTANCE_CATEGORY = "karpenter.k8s.aws/instance-category";
    public static final String INSTANCE_FAMILY = "karpenter.k8s.aws/instance-family";
    public static final String INSTANCE_GENERATION = "karpenter.k8s.aws/instance-generation";
    public static final String INSTANCE_SIZE = "karpenter.k8s.aws/instance-size";
    public static final String INSTANCE_CPU = "karpenter.k8s.aws/instance-cpu";
    public static final String INSTANCE_CPU_MANUFACTURER = "karpenter.k8s.aws/instance-cpu-manufacturer";
    public static final String INSTANCE_MEMORY = "karpenter.k8s.aws/instance-memory";
    public static final String INSTANCE_GPU_NAME = "karpenter.k8s.aws/instance-gpu-name";
    public static final String INSTANCE_GPU_MANUFACTURER = "karpenter.k8s.aws/instance-gpu-manufacturer";
    public static final String INSTANCE_GPU_COUNT = "karpenter.k8s.aws/instance-gpu-count";
    public static final String INSTANCE_GPU_MEMORY = "karpenter.k8s.aws/instance-gpu-memory";
    public static final String INSTANCE_ACCELERATOR_NAME = "karpenter.k8s.aws/instance-accelerator-name";
    public static final String INSTANCE_ACCELERATOR_MANUFACTURER = "karpenter.k8s.aws/instance-accelerator-manufacturer";
    public static final String INSTANCE_ACCELERATOR_COUNT = "karpenter.k8s.aws/instance-accelerator-count";
    public static final String INSTANCE_LOCAL_NVME = "karpenter.k8s.aws/instance-local-nvme";
    public static final String INSTANCE_HYPERVISOR = "karpenter.k8s.aws/instance-hypervisor";
    public static final String INSTANCE_EBS_BANDWIDTH = "karpenter.k8s.aws/instance-ebs-bandwidth";
    public static final String EC2NODECLASS = "karpenter.k8s.aws/ec2nodeclass";

    /** Taints Karpenter uses on nodes it manages. */
    public static final String UNREGISTERED_TAINT_KEY = "karpenter.sh/unregistered";
    public static final String DISRUPTED_TAINT_KEY = "karpenter.sh/disrupted";
    public static final String DO_NOT_DISRUPT_ANNOTATION = "karpenter.sh/do-not-disrupt";

    public static final String SPOT = "spot";
    public static final String ON_DEMAND = "on-demand";

    /** Labels every launched node gets, so a pod may require them although a NodePool does not mention them. */
    public static final Set<String> WELL_KNOWN = Set.of(INSTANCE_TYPE, ARCH, OS, ZONE, REGION, HOSTNAME, CAPACITY_TYPE, NODEPOOL,
            INSTANCE_CATEGORY, INSTANCE_FAMILY, INSTANCE_GENERATION, INSTANCE_SIZE, INSTANCE_CPU, INSTANCE_CPU_MANUFACTURER,
            INSTANCE_MEMORY, INSTANCE_GPU_NAME, INSTANCE_GPU_MANUFACTURER, INSTANCE_GPU_COUNT, INSTANCE_GPU_MEMORY,
            INSTANCE_ACCELERATOR_NAME, INSTANCE_ACCELERATOR_MANUFACTURER, INSTANCE_ACCELERATOR_COUNT, INSTANCE_LOCAL_NVME,
            INSTANCE_HYPERVISOR, INSTANCE_EBS_BANDWIDTH, EC2NODECLASS);

    private WellKnownLabels() {
    }
}
