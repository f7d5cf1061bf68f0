package dev.spotter.cluster;

import dev.spotter.model.Resources;
import dev.spotter.model.Taint;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the engine and the reconciler need to know of a Kubernetes Node. */
public record Node(
        String name,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<Taint> taints,
        Resources capacity,
        Resources allocatable,
        String providerId,
        boolean ready,
        boolean unschedulable,
        Instant createdAt) {

    public Node {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        taints = List.copyOf(taints);
        providerId = providerId == null ? "" : providerId;
    }

    /** The EC2 instance id at the end of an aws:///zone/i-... providerID, or empty. */
    public String instanceId() {
        int slash = providerId.lastIndexOf('/');
        return slash < 0 ? "" : providerId.substring(slash + 1);
    }
}
