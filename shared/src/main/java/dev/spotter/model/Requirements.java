package dev.spotter.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Requirements on several label keys, ANDed together; at most one (intersected) requirement per key. */
public final class Requirements {
    public static final Requirements NONE = new Requirements(new TreeMap<>());

    private final TreeMap<String, Requirement> byKey;

    private Requirements(TreeMap<String, Requirement> byKey) {
        this.byKey = byKey;
    }

    public static Requirements of(Collection<Requirement> requirements) {
        TreeMap<String, Requirement> map = new TreeMap<>();
        for (Requirement requirement : requirements) {
            map.merge(requirement.key(), requirement, Requirement::intersect);
        }
        return new Requirements(map);
    }

    public static Requirements of(Requirement... requirements) {
        return of(List.of(requirements));
    }

    /** Requirements that pin each label to its one value ("In [value]"). */
    public static Requirements fromLabels(Map<String, String> labels) {
        List<Requirement> list = new ArrayList<>();
        labels.forEach((key, value) -> list.add(Requirement.in(key, value)));
        return of(list);
    }

    public Optional<Requirement> get(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public boolean has(String key) {
        return byKey.containsKey(key);
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(byKey.keySet());
    }

    public Collection<Requirement> all() {
        return Collections.unmodifiableCollection(byKey.values());
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    public Requirements and(Requirements other) {
        TreeMap<String, Requirement> map = new TreeMap<>(byKey);
        other.byKey.forEach((key, requirement) -> map.merge(key, requirement, Requirement::intersect));
        return new Requirements(map);
    }

    public Requirements and(Requirement requirement) {
        TreeMap<String, Requirement> map = new TreeMap<>(byKey);
        map.merge(requirement.key(), requirement, Requirement::intersect);
        return new Requirements(map);
    }

    /**
     * Karpenter's intersection test: on every key both constrain, the allowed sets overlap, except where both sides
     * only exclude (NotIn / DoesNotExist).
     */
    public boolean intersects(Requirements other) {
        return firstConflict(other).isEmpty();
    }

    /** The first key on which the two do not intersect, described for a person. */
    public Optional<String> firstConflict(Requirements other) {
        TreeMap<String, Requirement> smaller = byKey.size() <= other.byKey.size() ? byKey : other.byKey;
        TreeMap<String, Requirement> larger = smaller == byKey ? other.byKey : byKey;
        for (Map.Entry<String, Requirement> entry : smaller.entrySet()) {
            Requirement mine = entry.getValue();
            Requirement theirs = larger.get(entry.getKey());
            if (theirs == null || !mine.intersect(theirs).isEmptySet()) {
                continue;
            }
            if (mine.allowsAbsent() && theirs.allowsAbsent()) {
                continue;
            }
            Requirement left = smaller == byKey ? mine : theirs;
            Requirement right = smaller == byKey ? theirs : mine;
            return Optional.of("incompatible requirements on " + entry.getKey() + ": " + left + " vs " + right);
        }
        return Optional.empty();
    }

    /**
     * Karpenter's compatibility test of a pod's requirements ({@code podRequirements}) against what a node offers
     * (this): they must intersect, and a key the pod asks for positively must be known here unless it is one of
     * {@code allowUndefined} (well-known labels the node will get anyway).
     */
    public Optional<String> incompatibilityWith(Requirements podRequirements, Set<String> allowUndefined) {
        for (Requirement wanted : podRequirements.byKey.values()) {
            if (byKey.containsKey(wanted.key()) || wanted.allowsAbsent() || allowUndefined.contains(wanted.key())) {
                continue;
            }
            return Optional.of("label " + wanted.key() + " does not have known values");
        }
        return firstConflict(podRequirements);
    }

    /** True when a node with exactly these labels satisfies every requirement. */
    public boolean matchesLabels(Map<String, String> labels) {
        for (Requirement requirement : byKey.values()) {
            String value = labels.get(requirement.key());
            if (value == null ? !requirement.allowsAbsent() : !requirement.has(value)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Requirements r && r.byKey.equals(byKey);
    }

    @Override
    public int hashCode() {
        return byKey.hashCode();
    }

    @Override
    public String toString() {
        return byKey.values().toString();
    }
}
