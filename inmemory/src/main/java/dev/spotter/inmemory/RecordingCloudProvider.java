package dev.spotter.inmemory;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cloud.CloudInstance;
import dev.spotter.cloud.CloudOperationException;
import dev.spotter.cloud.CloudProvider;
import dev.spotter.cloud.InstanceState;
import dev.spotter.cloud.InsufficientCapacityException;
import dev.spotter.cloud.LaunchFailedException;
import dev.spotter.cloud.LaunchRequest;
import dev.spotter.cloud.LaunchResult;
import dev.spotter.config.NodeClass;
import dev.spotter.model.WellKnownLabels;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * EC2 in memory, launching like CreateFleet: it walks the request's offerings in order, reports those out of capacity
 * and launches on the first that is not; when all are out of capacity it throws {@link InsufficientCapacityException}
 * naming them. Capacity is unlimited unless {@link #capacity} gives an offering a finite number of instances (a
 * terminated instance gives its slot back) or {@link #outOfCapacity} takes it away.
 *
 * <p>Like CreateFleet, a launch is idempotent by {@link LaunchRequest#clientToken()}: the same token with the same
 * offerings answers the instance launched before; with other offerings it fails (IdempotentParameterMismatch).
 *
 * <p>Launched instances are kept (running, tagged with the cluster, NodePool and NodeClaim, launched at the clock's
 * time). Like EC2's DescribeInstances, which is eventually consistent, a new instance is invisible to
 * {@link #describe} and {@link #listClusterInstances} until {@link #describeLag} has passed since its launch.
 * {@link #terminate} marks an instance terminated, {@link #reclaim} does so as a spot interruption would.
 * Every EC2NodeClass launches in all of us-east-1's zones unless {@link #subnetZones} says otherwise.
 *
 * <p>Records "zones nodeclass-name", "launch claim-name", "terminate i-1", ...; errors can be queued per method and
 * faults injected (see {@link FakeCalls}): throttling and server errors become {@link LaunchFailedException} on
 * launch and {@link CloudOperationException} elsewhere, as the EC2 adapter maps them.
 */
public final class RecordingCloudProvider extends FakeCalls implements CloudProvider {
    /** us-east-1's zones: where every EC2NodeClass has a subnet unless told otherwise. */
    public static final Set<String> ALL_ZONES =
            Set.of("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f");

    private final Clock clock;
    private final Set<OfferingKey> outOfCapacity = new HashSet<>();
    private final Set<CapacityType> outOfCapacityTypes = new HashSet<>();
    private final Map<OfferingKey, Integer> capacity = new HashMap<>();
    private final Map<String, CloudInstance> instances = new LinkedHashMap<>();
    private final Map<String, String> clusterOf = new LinkedHashMap<>();
    private final Map<String, Instant> terminatedAt = new HashMap<>();
    private final List<LaunchRequest> launches = new ArrayList<>();
    private final Map<String, Set<String>> zonesByNodeClass = new HashMap<>();
    private final Map<String, Launched> byClientToken = new HashMap<>();
    private Duration describeLag = Duration.ZERO;
    private int nextId = 1;
    private Consumer<LaunchRequest> beforeLaunch = request -> { };

    public RecordingCloudProvider(Clock clock) {
        super("ec2");
        this.clock = clock;
    }

    /** Gives the named EC2NodeClass subnets in these zones only (none: it selects no subnet). */
    public synchronized RecordingCloudProvider subnetZones(String nodeClass, String... zones) {
        zonesByNodeClass.put(nodeClass, Set.of(zones));
        return this;
    }

    public synchronized RecordingCloudProvider outOfCapacity(OfferingKey... keys) {
        outOfCapacity.addAll(List.of(keys));
        return this;
    }

    /** Gives the offering's capacity back (undoes {@link #outOfCapacity(OfferingKey...)}). */
    public synchronized RecordingCloudProvider capacityBack(OfferingKey... keys) {
        outOfCapacity.removeAll(List.of(keys));
        return this;
    }

    /** At most {@code instances} running instances of that offering at a time; unlimited unless set. */
    public synchronized RecordingCloudProvider capacity(OfferingKey offering, int instances) {
        if (instances < 0) {
            throw new IllegalArgumentException("capacity must not be negative, got " + instances);
        }
        capacity.put(offering, instances);
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

    /** A new instance stays invisible to describe and list for this long after its launch (eventual consistency). */
    public synchronized RecordingCloudProvider describeLag(Duration lag) {
        if (lag.isNegative()) {
            throw new IllegalArgumentException("describe lag must not be negative, got " + lag);
        }
        this.describeLag = lag;
        return this;
    }

    /** Runs {@code check} at the start of every launch, e.g. to see what the store holds at that moment. */
    public synchronized RecordingCloudProvider beforeLaunch(Consumer<LaunchRequest> check) {
        this.beforeLaunch = check;
        return this;
    }

    /** Adds an instance as if launched outside this fake (or by a call whose result was lost): test set-up. */
    public synchronized RecordingCloudProvider instance(String cluster, CloudInstance instance) {
        instances.put(instance.instanceId(), instance);
        clusterOf.put(instance.instanceId(), cluster);
        return this;
    }

    @Override
    public synchronized Set<String> zones(NodeClass nodeClass) {
        record("zones", nodeClass.name());
        return zonesByNodeClass.getOrDefault(nodeClass.name(), ALL_ZONES);
    }

    @Override
    public synchronized LaunchResult launch(LaunchRequest request) {
        beforeLaunch.accept(request);
        launches.add(request);
        record("launch", request.claim().name());
        Launched earlier = byClientToken.get(request.clientToken());
        if (earlier != null) {
            // CreateFleet is idempotent by client token: the same request answers what it answered before
            if (!earlier.offerings().equals(request.offerings())) {
                throw new LaunchFailedException("IdempotentParameterMismatch", "CreateFleet: client token "
                        + request.clientToken() + " was used with other parameters", null);
            }
            return done("launch", request.claim().name(), earlier.result());
        }
        Set<OfferingKey> failed = new HashSet<>();
        for (OfferingKey key : request.offerings()) {
            if (!hasCapacity(key)) {
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
            LaunchResult result = new LaunchResult(id, key.instanceType(), key.zone(), key.capacityType(), price, failed);
            byClientToken.put(request.clientToken(), new Launched(request.offerings(), result));
            return done("launch", request.claim().name(), result);
        }
        throw new InsufficientCapacityException("InsufficientInstanceCapacity for " + failed, failed);
    }

    @Override
    public synchronized void terminate(String instanceId) {
        record("terminate", instanceId);
        markTerminated(instanceId);
        done("terminate", instanceId);
    }

    /** Takes a spot instance back, as EC2 does two minutes after an interruption warning: test and simulator set-up. */
    public synchronized void reclaim(String instanceId) {
        markTerminated(instanceId);
    }

    @Override
    public synchronized List<CloudInstance> listClusterInstances(String cluster) {
        record("listClusterInstances", cluster);
        return instances.values().stream().filter(i -> cluster.equals(clusterOf.get(i.instanceId())))
                .filter(i -> i.state() != InstanceState.TERMINATED).filter(this::visible).toList();
    }

    @Override
    public synchronized Optional<CloudInstance> describe(String instanceId) {
        record("describe", instanceId);
        return Optional.ofNullable(instances.get(instanceId)).filter(this::visible);
    }

    /** Every launch request, oldest first. */
    public synchronized List<LaunchRequest> launches() {
        return List.copyOf(launches);
    }

    /** The instance as it is now, terminated and not yet visible ones included. */
    public synchronized Optional<CloudInstance> instance(String instanceId) {
        return Optional.ofNullable(instances.get(instanceId));
    }

    /** Every instance ever launched or added, in launch order, whatever its state or visibility. */
    public synchronized List<CloudInstance> allInstances() {
        return List.copyOf(instances.values());
    }

    /** The running instances of the cluster, visible or not yet. */
    public synchronized List<CloudInstance> running(String cluster) {
        return instances.values().stream().filter(i -> cluster.equals(clusterOf.get(i.instanceId())))
                .filter(i -> i.state() == InstanceState.RUNNING).toList();
    }

    /** When the instance was terminated, if it was. */
    public synchronized Optional<Instant> terminatedAt(String instanceId) {
        return Optional.ofNullable(terminatedAt.get(instanceId));
    }

    @Override
    protected RuntimeException error(FaultKind kind, PortCall call) {
        String code = switch (kind) {
            case THROTTLE -> "RequestLimitExceeded";
            case TIMEOUT -> "ClientError";
            case INSUFFICIENT_CAPACITY -> "InsufficientInstanceCapacity";
            default -> "InternalError";
        };
        if (call.method().equals("launch")) {
            if (kind == FaultKind.INSUFFICIENT_CAPACITY) {
                return new InsufficientCapacityException("CreateFleet: " + code + " (injected at " + call + ")", Set.of());
            }
            return new LaunchFailedException(code, "CreateFleet failed: " + code + " (injected at " + call + ")", null);
        }
        return new CloudOperationException(call + " failed: " + code + " (injected)", null);
    }

    private record Launched(List<OfferingKey> offerings, LaunchResult result) {
    }

    private boolean hasCapacity(OfferingKey key) {
        if (outOfCapacityTypes.contains(key.capacityType()) || outOfCapacity.contains(key)) {
            return false;
        }
        Integer limit = capacity.get(key);
        if (limit == null) {
            return true;
        }
        long used = instances.values().stream().filter(i -> i.state() == InstanceState.RUNNING)
                .filter(i -> i.instanceType().equals(key.instanceType()) && i.zone().equals(key.zone())
                        && i.capacityType() == key.capacityType()).count();
        return used < limit;
    }

    private boolean visible(CloudInstance instance) {
        return !clock.instant().isBefore(instance.launchTime().plus(describeLag));
    }

    private void markTerminated(String instanceId) {
        CloudInstance instance = instances.get(instanceId);
        if (instance != null && instance.state() != InstanceState.TERMINATED) {
            instances.put(instanceId, new CloudInstance(instance.instanceId(), instance.instanceType(), instance.zone(),
                    instance.capacityType(), InstanceState.TERMINATED, instance.launchTime(), instance.privateDnsName(),
                    instance.tags()));
            terminatedAt.put(instanceId, clock.instant());
        }
    }
}
