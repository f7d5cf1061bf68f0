package dev.spotter.testing.fakes;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cloud.CloudInstance;
import dev.spotter.cloud.CloudProvider;
import dev.spotter.cloud.InstanceState;
import dev.spotter.cloud.InsufficientCapacityException;
import dev.spotter.cloud.LaunchRequest;
import dev.spotter.cloud.LaunchResult;
import dev.spotter.config.NodeClass;
import dev.spotter.model.WellKnownLabels;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A cloud in memory that launches like CreateFleet: it walks the request's offerings in order, reports those marked
 * out of capacity and launches on the first that is not; when all are out of capacity it throws
 * {@link InsufficientCapacityException} naming them. Launched instances are kept (running, tagged with the cluster,
 * NodePool and NodeClaim, launched at the clock's time) so the tick can list and describe them; terminate marks them
 * terminated. Every EC2NodeClass launches in all of us-east-1's zones unless {@link #subnetZones} says otherwise.
 * Records "zones nodeclass-name", "launch claim-name", "terminate i-1" and injects errors (see {@link FakeCalls}).
 */
public final class RecordingCloudProvider extends FakeCalls implements CloudProvider {
    private final Clock clock;
    private final Set<OfferingKey> outOfCapacity = new HashSet<>();
    private final Set<CapacityType> outOfCapacityTypes = new HashSet<>();
    private final Map<String, CloudInstance> instances = new LinkedHashMap<>();
    private final Map<String, String> clusterOf = new LinkedHashMap<>();
    private final List<LaunchRequest> launches = new ArrayList<>();
    private final Map<String, Set<String>> zonesByNodeClass = new HashMap<>();
    private int nextId = 1;
    private java.util.function.Consumer<LaunchRequest> beforeLaunch = request -> { };

    public RecordingCloudProvider(Clock clock) {
        this.clock = clock;
    }

    /** us-east-1's zones: where every EC2NodeClass has a subnet unless told otherwise. */
    public static final Set<String> ALL_ZONES =
            Set.of("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f");

    /** Gives the named EC2NodeClass subnets in these zones only (none: it selects no subnet). */
    public synchronized RecordingCloudProvider subnetZones(String nodeClass, String... zones) {
        zonesByNodeClass.put(nodeClass, Set.of(zones));
        return this;
    }

    @Override
    public synchronized Set<String> zones(NodeClass nodeClass) {
        record("zones", nodeClass.name());
        return zonesByNodeClass.getOrDefault(nodeClass.name(), ALL_ZONES);
    }

    public synchronized RecordingCloudProvider outOfCapacity(OfferingKey... keys) {
        outOfCapacity.addAll(List.of(keys));
        return this;
    }

    /** Runs {@code check} at the start of every launch, e.g. to see what the store holds at that moment. */
    public synchronized RecordingCloudProvider beforeLaunch(java.util.function.Consumer<LaunchRequest> check) {
        this.beforeLaunch = check;
        return this;
    }

    /** Makes every offering out of capacity. */
    public synchronized RecordingCloudProvider outOfAllCapacity() {
        outOfCapacityTypes.addAll(List.of(CapacityType.values()));
        return this;
    }

    /** Makes every offering of that capacity type out of capacity. */
    public synchronized RecordingCloudProvider outOfCapacity(CapacityType capacityType) {
        outOfCapacityTypes.add(capacityType);
        return this;
    }

    /** Adds an instance as if launched outside this fake (or by a call whose result was lost): test set-up. */
    public synchronized RecordingCloudProvider instance(String cluster, CloudInstance instance) {
        instances.put(instance.instanceId(), instance);
        clusterOf.put(instance.instanceId(), cluster);
        return this;
    }

    @Override
    public synchronized LaunchResult launch(LaunchRequest request) {
        beforeLaunch.accept(request);
        launches.add(request);
        record("launch", request.claim().name());
        Set<OfferingKey> failed = new HashSet<>();
        for (OfferingKey key : request.offerings()) {
            if (outOfCapacityTypes.contains(key.capacityType()) || outOfCapacity.contains(key)) {
                failed.add(key);
                continue;
            }
            double price = request.offering(key.instanceType(), key.zone(), key.capacityType()).orElseThrow().pricePerHour();
            String id = String.format("i-%017x", nextId++);
            instances.put(id, new CloudInstance(id, key.instanceType(), key.zone(), key.capacityType(), InstanceState.RUNNING,
                    clock.instant(), "ip-10-0-0-" + nextId + ".ec2.internal", Map.of(
                    "kubernetes.io/cluster/" + request.cluster().name(), "owned",
                    WellKnownLabels.NODEPOOL, request.nodePool().name(),
                    WellKnownLabels.NODECLAIM, request.claim().name())));
            clusterOf.put(id, request.cluster().name());
            return new LaunchResult(id, key.instanceType(), key.zone(), key.capacityType(), price, failed);
        }
        throw new InsufficientCapacityException("InsufficientInstanceCapacity for " + failed, failed);
    }

    @Override
    public synchronized void terminate(String instanceId) {
        record("terminate", instanceId);
        CloudInstance instance = instances.get(instanceId);
        if (instance != null) {
            instances.put(instanceId, new CloudInstance(instance.instanceId(), instance.instanceType(), instance.zone(),
                    instance.capacityType(), InstanceState.TERMINATED, instance.launchTime(), instance.privateDnsName(),
                    instance.tags()));
        }
    }

    @Override
    public synchronized List<CloudInstance> listClusterInstances(String cluster) {
        record("listClusterInstances", cluster);
        return instances.values().stream().filter(i -> cluster.equals(clusterOf.get(i.instanceId())))
                .filter(i -> i.state() != InstanceState.TERMINATED).toList();
    }

    @Override
    public synchronized Optional<CloudInstance> describe(String instanceId) {
        record("describe", instanceId);
        return Optional.ofNullable(instances.get(instanceId));
    }

    /** Every launch request, oldest first. */
    public synchronized List<LaunchRequest> launches() {
        return List.copyOf(launches);
    }

    /** The instance as it is now, terminated ones included. */
    public synchronized Optional<CloudInstance> instance(String instanceId) {
        return Optional.ofNullable(instances.get(instanceId));
    }
}
