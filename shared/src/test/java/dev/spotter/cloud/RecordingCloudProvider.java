package dev.spotter.cloud;

import dev.spotter.catalog.OfferingKey;
import dev.spotter.config.NodeClass;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A CloudProvider that records every call and behaves like CreateFleet: it walks the request's offerings in order,
 * reports the ones marked as out of capacity, and launches on the first one that is not; when all are out of capacity
 * it throws {@link InsufficientCapacityException} naming them. Errors queued with {@link #failNextLaunch} come first.
 * Every NodeClass has subnets in {@link #zones} (us-east-1a to f unless set).
 */
final class RecordingCloudProvider implements CloudProvider {
    final List<LaunchRequest> launches = new ArrayList<>();
    final List<String> terminated = new ArrayList<>();
    private final Set<OfferingKey> outOfCapacity = new HashSet<>();
    private final Deque<RuntimeException> queuedFailures = new ArrayDeque<>();
    private int nextId = 1;
    Set<String> zones = Set.of("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f");

    @Override
    public Set<String> zones(NodeClass nodeClass) {
        return zones;
    }

    RecordingCloudProvider outOfCapacity(OfferingKey... keys) {
        outOfCapacity.addAll(List.of(keys));
        return this;
    }

    RecordingCloudProvider failNextLaunch(RuntimeException error) {
        queuedFailures.add(error);
        return this;
    }

    @Override
    public LaunchResult launch(LaunchRequest request) {
        launches.add(request);
        if (!queuedFailures.isEmpty()) {
            throw queuedFailures.poll();
        }
        Set<OfferingKey> failed = new HashSet<>();
        for (OfferingKey key : request.offerings()) {
            if (outOfCapacity.contains(key)) {
                failed.add(key);
                continue;
            }
            double price = request.offering(key.instanceType(), key.zone(), key.capacityType()).orElseThrow().pricePerHour();
            return new LaunchResult("i-" + nextId++, key.instanceType(), key.zone(), key.capacityType(), price, failed);
        }
        throw new InsufficientCapacityException("InsufficientInstanceCapacity for " + failed, failed);
    }

    @Override
    public void terminate(String instanceId) {
        terminated.add(instanceId);
    }

    @Override
    public List<CloudInstance> listClusterInstances(String cluster) {
        return List.of();
    }

    @Override
    public Optional<CloudInstance> describe(String instanceId) {
        return Optional.empty();
    }
}
