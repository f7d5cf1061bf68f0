package dev.spotter.nodeclaim;

import dev.spotter.catalog.CapacityType;
import dev.spotter.model.Requirement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Spotter's record of one node it decided to have: what was planned (NodePool, requirements, candidate instance
 * types cheapest first, capacity type, zones, pods), what was launched (instance, type, zone, price), what joined the
 * cluster (node name, providerID), and where it is in its life. {@code version} is the optimistic-concurrency token:
 * a store writes a claim only over the version it read. Fields not yet known are null. {@code disruption} is the
 * claim's part in a disruption command, null when it is in none.
 */
public record NodeClaim(
        String name,
        String cluster,
        String nodePool,
        String nodeClass,
        List<Requirement> requirements,
        List<String> instanceTypes,
        CapacityType capacityType,
        List<String> zones,
        String zone,
        String instanceId,
        String instanceType,
        double price,
        String nodeName,
        String providerId,
        Phase phase,
        List<Condition> conditions,
        List<String> pods,
        long version,
        Instant createdAt,
        Instant tombstoneExpiry,
        DisruptionRecord disruption) {

    public NodeClaim {
        requirements = List.copyOf(requirements);
        instanceTypes = List.copyOf(instanceTypes);
        zones = List.copyOf(zones);
        conditions = List.copyOf(conditions);
        pods = List.copyOf(pods);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().name(name).cluster(cluster).nodePool(nodePool).nodeClass(nodeClass).requirements(requirements)
                .instanceTypes(instanceTypes).capacityType(capacityType).zones(zones).zone(zone).instanceId(instanceId)
                .instanceType(instanceType).price(price).nodeName(nodeName).providerId(providerId).phase(phase)
                .conditions(conditions).pods(pods).version(version).createdAt(createdAt).tombstoneExpiry(tombstoneExpiry)
                .disruption(disruption);
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /** A copy with the condition of that type replaced (or added). */
    public NodeClaim withCondition(Condition condition) {
        List<Condition> updated = new ArrayList<>();
        for (Condition existing : conditions) {
            if (!existing.type().equals(condition.type())) {
                updated.add(existing);
            }
        }
        updated.add(condition);
        return toBuilder().conditions(updated).build();
    }

    public NodeClaim withPhase(Phase next) {
        return toBuilder().phase(next).build();
    }

    /** A copy in that disruption command (null: in none). */
    public NodeClaim withDisruption(DisruptionRecord record) {
        return toBuilder().disruption(record).build();
    }

    public static final class Builder {
        private String name;
        private String cluster;
        private String nodePool;
        private String nodeClass;
        private List<Requirement> requirements = List.of();
        private List<String> instanceTypes = List.of();
        private CapacityType capacityType;
        private List<String> zones = List.of();
        private String zone;
        private String instanceId;
        private String instanceType;
        private double price;
        private String nodeName;
        private String providerId;
        private Phase phase = Phase.PLANNED;
        private List<Condition> conditions = List.of();
        private List<String> pods = List.of();
        private long version;
        private Instant createdAt;
        private Instant tombstoneExpiry;
        private DisruptionRecord disruption;

        public Builder name(String value) { this.name = value; return this; }
        public Builder cluster(String value) { this.cluster = value; return this; }
        public Builder nodePool(String value) { this.nodePool = value; return this; }
        public Builder nodeClass(String value) { this.nodeClass = value; return this; }
        public Builder requirements(List<Requirement> value) { this.requirements = value; return this; }
        public Builder instanceTypes(List<String> value) { this.instanceTypes = value; return this; }
        public Builder capacityType(CapacityType value) { this.capacityType = value; return this; }
        public Builder zones(List<String> value) { this.zones = value; return this; }
        public Builder zone(String value) { this.zone = value; return this; }
        public Builder instanceId(String value) { this.instanceId = value; return this; }
        public Builder instanceType(String value) { this.instanceType = value; return this; }
        public Builder price(double value) { this.price = value; return this; }
        public Builder nodeName(String value) { this.nodeName = value; return this; }
        public Builder providerId(String value) { this.providerId = value; return this; }
        public Builder phase(Phase value) { this.phase = value; return this; }
        public Builder conditions(List<Condition> value) { this.conditions = value; return this; }
        public Builder pods(List<String> value) { this.pods = value; return this; }
        public Builder version(long value) { this.version = value; return this; }
        public Builder createdAt(Instant value) { this.createdAt = value; return this; }
        public Builder tombstoneExpiry(Instant value) { this.tombstoneExpiry = value; return this; }
        public Builder disruption(DisruptionRecord value) { this.disruption = value; return this; }

        public NodeClaim build() {
            return new NodeClaim(name, cluster, nodePool, nodeClass, requirements, instanceTypes, capacityType, zones, zone,
                    instanceId, instanceType, price, nodeName, providerId, phase, conditions, pods, version, createdAt,
                    tombstoneExpiry, disruption);
        }
    }
}
