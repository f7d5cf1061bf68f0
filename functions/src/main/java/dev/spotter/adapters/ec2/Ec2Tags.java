package dev.spotter.adapters.ec2;

import dev.spotter.model.WellKnownLabels;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The tags Spotter puts on what it creates, so it (and EKS, and people) can tell whose they are. */
final class Ec2Tags {
    static final String EKS_CLUSTER_NAME = "eks:eks-cluster-name";
    /** Marks Spotter's own resources: garbage collection never touches an instance without it. */
    static final String MANAGED_BY = "spotter.dev/managed-by";
    static final String MANAGED_BY_VALUE = "spotter";
    static final String NAME = "Name";

    private Ec2Tags() {
    }

    static String clusterOwnershipKey(String cluster) {
        return "kubernetes.io/cluster/" + cluster;
    }

    /**
     * Tags of an instance (and its volumes and fleet): the EC2NodeClass's own tags, then Spotter's, which win on
     * a clash because garbage collection and registration depend on them.
     */
    static Map<String, String> instanceTags(String cluster, String nodePool, String nodeClaim, String nodeClass,
                                            Map<String, String> nodeClassTags) {
        Map<String, String> tags = new TreeMap<>(nodeClassTags);
        tags.putIfAbsent(NAME, nodePool + "/" + nodeClaim);
        tags.put(clusterOwnershipKey(cluster), "owned");
        tags.put(EKS_CLUSTER_NAME, cluster);
        tags.put(WellKnownLabels.NODEPOOL, nodePool);
        tags.put(WellKnownLabels.NODECLAIM, nodeClaim);
        tags.put(WellKnownLabels.EC2NODECLASS, nodeClass);
        tags.put(MANAGED_BY, MANAGED_BY_VALUE);
        return tags;
    }

    /** Tags of a launch template, which serves every NodeClaim of one NodePool and EC2NodeClass. */
    static Map<String, String> launchTemplateTags(String cluster, String nodePool, String nodeClass, Map<String, String> nodeClassTags) {
        Map<String, String> tags = new TreeMap<>(nodeClassTags);
        tags.put(clusterOwnershipKey(cluster), "owned");
        tags.put(EKS_CLUSTER_NAME, cluster);
        tags.put(WellKnownLabels.NODEPOOL, nodePool);
        tags.put(WellKnownLabels.EC2NODECLASS, nodeClass);
        tags.put(MANAGED_BY, MANAGED_BY_VALUE);
        return tags;
    }

    static List<Tag> toTags(Map<String, String> tags) {
        List<Tag> list = new ArrayList<>();
        new TreeMap<>(tags).forEach((key, value) -> list.add(Tag.builder().key(key).value(value).build()));
        return list;
    }

    static TagSpecification specification(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(toTags(tags)).build();
    }
}
