package dev.spotter.sim;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.cloud.CloudInstance;
import dev.spotter.cloud.CloudProvider;
import dev.spotter.cloud.InstanceState;
import dev.spotter.cloud.LaunchRequest;
import dev.spotter.cloud.LaunchResult;
import dev.spotter.cluster.Node;
import dev.spotter.config.NodeClass;
import dev.spotter.inmemory.RecordingCloudProvider;
import dev.spotter.model.Requirement;
import dev.spotter.model.Operator;
import dev.spotter.model.Taint;
import dev.spotter.model.WellKnownLabels;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * EC2 as the simulated control plane sees it: the in-memory EC2 ({@link RecordingCloudProvider}: CreateFleet over
 * offerings with finite capacity, insufficient-capacity errors) plus what happens after a launch: the instance boots,
 * its Node registers (NotReady) and becomes Ready after the {@link BootDelays}; a terminated instance's Node is
 * deleted by the node lifecycle controller {@link #NODE_GONE_AFTER} later if nobody deleted it first; every
 * termination sends an instance state-change event to the interruption queue, as EventBridge does.
 */
public final class SimulatedCloud implements CloudProvider {
    /** kube-controller-manager's node-monitor-grace-period, after which a silent node is given up. */
    static final Duration NODE_GONE_AFTER = Duration.ofSeconds(40);

    /** What the cloud tells the rest of the simulation. */
    public interface Listener {
        void launched(CloudInstance instance, double price);

        void nodeRegistered(Node node);

        void nodeReady(String nodeName);

        /** The instance stopped running; {@code reclaimed} when EC2 took a spot instance back. */
        void terminated(String instanceId, String nodeName, boolean reclaimed);

        void stateChange(String instanceId, String state);
    }

    private final RecordingCloudProvider ec2;
    private final EventQueue events;
    private final BootDelays delays;
    private final String cluster;
    private Listener listener;
    private final Map<String, String> nodeNames = new HashMap<>();
    private final Map<String, Double> prices = new HashMap<>();

    public SimulatedCloud(RecordingCloudProvider ec2, EventQueue events, BootDelays delays, String cluster) {
        this.ec2 = ec2;
        this.events = events;
        this.delays = delays;
        this.cluster = cluster;
    }

    void listen(Listener value) {
        this.listener = value;
    }

    public RecordingCloudProvider ec2() {
        return ec2;
    }

    @Override
    public Set<String> zones(NodeClass nodeClass) {
        return ec2.zones(nodeClass);
    }

    @Override
    public LaunchResult launch(LaunchRequest request) {
        LaunchResult result = ec2.launch(request);
        CloudInstance instance = ec2.instance(result.instanceId()).orElseThrow();
        InstanceType type = request.instanceTypes().stream().filter(t -> t.name().equals(result.instanceType()))
                .findFirst().orElseThrow(() -> new IllegalStateException("launched a type not asked for: " + result));
        String nodeName = instance.privateDnsName();
        nodeNames.put(result.instanceId(), nodeName);
        prices.put(result.instanceId(), result.pricePerHour());
        listener.launched(instance, result.pricePerHour());
        Node node = node(nodeName, result, type, request);
        events.after(delays.untilRegistered(type.name()), () -> {
            if (isRunning(result.instanceId())) {
                listener.nodeRegistered(node);
            }
        });
        events.after(delays.untilReady(type.name()), () -> {
            if (isRunning(result.instanceId())) {
                listener.nodeReady(nodeName);
            }
        });
        return result;
    }

    /** The Node the kubelet registers: the type's labels, the NodePool's labels and taints, the zone and capacity type. */
    private Node node(String name, LaunchResult result, InstanceType type, LaunchRequest request) {
        Map<String, String> labels = new TreeMap<>();
        for (Requirement requirement : type.requirements().all()) {
            if (requirement.operator() == Operator.IN && requirement.values().size() == 1) {
                labels.put(requirement.key(), requirement.values().iterator().next());
            }
        }
        labels.putAll(request.nodePool().labels());
        labels.put(WellKnownLabels.INSTANCE_TYPE, result.instanceType());
        labels.put(WellKnownLabels.ZONE, result.zone());
        labels.put(WellKnownLabels.CAPACITY_TYPE, result.capacityType().label());
        labels.put(WellKnownLabels.NODEPOOL, request.nodePool().name());
        labels.put(WellKnownLabels.HOSTNAME, name);
        List<Taint> taints = new ArrayList<>(request.nodePool().taints());
        return new Node(name, labels, Map.of(), taints, type.capacity(), type.allocatable(), result.providerId(), false,
                false, events.now());
    }

    @Override
    public void terminate(String instanceId) {
        boolean wasRunning = isRunning(instanceId);
        ec2.terminate(instanceId);
        if (wasRunning) {
            gone(instanceId, false);
        }
    }

    /** EC2 takes a spot instance back (the end of an interruption's two-minute warning). */
    void reclaim(String instanceId) {
        if (isRunning(instanceId)) {
            ec2.reclaim(instanceId);
            gone(instanceId, true);
        }
    }

    private void gone(String instanceId, boolean reclaimed) {
        String nodeName = nodeNames.get(instanceId);
        listener.terminated(instanceId, nodeName, reclaimed);
        listener.stateChange(instanceId, "shutting-down");
        events.after(Duration.ofSeconds(30), () -> listener.stateChange(instanceId, "terminated"));
    }

    public boolean isRunning(String instanceId) {
        return ec2.instance(instanceId).map(i -> i.state() == InstanceState.RUNNING).orElse(false);
    }

    public String nodeName(String instanceId) {
        return nodeNames.get(instanceId);
    }

    public double price(String instanceId) {
        return prices.getOrDefault(instanceId, 0.0);
    }

    /** The running spot instances, oldest first. */
    public List<CloudInstance> runningSpot() {
        return ec2.running(cluster).stream().filter(i -> i.capacityType() == CapacityType.SPOT).toList();
    }

    @Override
    public List<CloudInstance> listClusterInstances(String clusterName) {
        return ec2.listClusterInstances(clusterName);
    }

    @Override
    public Optional<CloudInstance> describe(String instanceId) {
        return ec2.describe(instanceId);
    }

    Instant now() {
        return events.now();
    }
}
