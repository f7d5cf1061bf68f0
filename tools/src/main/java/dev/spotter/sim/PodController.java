package dev.spotter.sim;

import dev.spotter.cluster.Pod;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The workload controllers of the simulated cluster (ReplicaSet, StatefulSet, Job, and the trace's pods): they
 * apply the workload's changes, keep each Deployment's or StatefulSet's replica count, recreate a pod that was
 * evicted or lost with its node as a new pending pod (its "slot" carries over, so a workload's pod can be followed
 * across replacements), complete a Job's pod {@code runFor} after it was bound, and delete a trace pod at its
 * deletion time.
 */
public final class PodController {

    /** Where new pods go and who hears of them: the simulated cluster's API server and the recorder. */
    public interface Pods {
        void create(Pod pod);

        void delete(String key);

        boolean isBound(String key);
    }

    private final EventQueue events;
    private final Map<Workload.Owner, Pod> templates;
    private final Pods pods;
    private final Map<Workload.Owner, Integer> desired = new HashMap<>();
    private final Map<Workload.Owner, LinkedHashMap<String, Slot>> live = new HashMap<>();
    private final Map<String, Slot> byPod = new HashMap<>();
    private final Map<String, Slot> bySlot = new HashMap<>();
    private final Map<Workload.Owner, Integer> counters = new HashMap<>();
    private int created;

    public PodController(EventQueue events, Map<Workload.Owner, Pod> templates, Pods pods) {
        this.events = events;
        this.templates = templates;
        this.pods = pods;
    }

    /** One pod slot of a workload: which pod fills it now, and when it ends. */
    private static final class Slot {
        final String id;
        final Workload.Owner owner;
        final Instant deleteAt;
        final Duration runFor;
        String pod;
        long generation;
        boolean finished;

        Slot(String id, Workload.Owner owner, Instant deleteAt, Duration runFor) {
            this.id = id;
            this.owner = owner;
            this.deleteAt = deleteAt;
            this.runFor = runFor;
        }
    }

    /** Schedules every change of the workload, relative to {@code start}. */
    public void schedule(Workload workload, Instant start) {
        for (Workload.Change change : workload.changes()) {
            events.at(start.plus(change.at()), () -> apply(change, start));
        }
    }

    void apply(Workload.Change change, Instant start) {
        if (change instanceof Workload.Scale scale) {
            desired.put(scale.owner(), scale.replicas());
            reconcile(scale.owner());
        } else if (change instanceof Workload.Start begin) {
            for (int i = 0; i < begin.count(); i++) {
                Slot slot = new Slot(begin.owner().key() + "#" + next(begin.owner()), begin.owner(),
                        begin.deleteAt() == null ? null : start.plus(begin.deleteAt()), begin.runFor());
                fill(slot);
                if (slot.deleteAt != null) {
                    events.at(slot.deleteAt, () -> finish(slot));
                }
            }
        } else {
            throw new IllegalArgumentException("unknown workload change " + change.getClass().getName());
        }
    }

    private void reconcile(Workload.Owner owner) {
        LinkedHashMap<String, Slot> slots = live.computeIfAbsent(owner, o -> new LinkedHashMap<>());
        int want = desired.getOrDefault(owner, 0);
        while (slots.size() < want) {
            fill(new Slot(owner.key() + "#" + next(owner), owner, null, null));
        }
        int excess = slots.size() - want;
        if (excess > 0) {
            // a ReplicaSet scaling down deletes pending pods first, then the newest
            List<Slot> order = new ArrayList<>(slots.values().stream().filter(s -> !pods.isBound(s.pod)).toList());
            List<Slot> bound = new ArrayList<>(slots.values().stream().filter(s -> pods.isBound(s.pod)).toList());
            Collections.reverse(bound);
            order.addAll(bound);
            for (int i = 0; i < excess; i++) {
                finish(order.get(i));
            }
        }
    }

    private int next(Workload.Owner owner) {
        return counters.merge(owner, 1, Integer::sum) - 1;
    }

    private void fill(Slot slot) {
        Pod template = templates.get(slot.owner);
        if (template == null) {
            throw new IllegalStateException("no pod template for " + slot.owner.key());
        }
        String name = slot.owner.name() + "-" + Integer.toHexString(created++);
        Pod pod = PodCopies.pending(template, name, slot.id + "/" + name, podOwnerKind(slot.owner), slot.owner.name(),
                events.now());
        slot.pod = pod.key();
        slot.generation++;
        live.computeIfAbsent(slot.owner, o -> new LinkedHashMap<>()).put(slot.id, slot);
        byPod.put(pod.key(), slot);
        bySlot.put(slot.id, slot);
        pods.create(pod);
    }

    /** The kind that owns the pod itself: a Deployment's pods belong to its ReplicaSet; a bare pod has no owner. */
    static String podOwnerKind(Workload.Owner owner) {
        return switch (owner.kind()) {
            case "Deployment" -> "ReplicaSet";
            case "Pod" -> "";
            default -> owner.kind();
        };
    }

    /** The slot's work is done (completed, deleted by the trace, scaled away): its pod is deleted, not replaced. */
    private void finish(Slot slot) {
        if (slot.finished) {
            return;
        }
        slot.finished = true;
        LinkedHashMap<String, Slot> slots = live.get(slot.owner);
        if (slots != null) {
            slots.remove(slot.id);
        }
        if (slot.pod != null) {
            byPod.remove(slot.pod);
            pods.delete(slot.pod);
        }
        bySlot.remove(slot.id);
    }

    /** The pod was bound: a Job's pod completes {@code runFor} from now, unless it is displaced first. */
    public void bound(String podKey) {
        Slot slot = byPod.get(podKey);
        if (slot != null && slot.runFor != null) {
            long generation = slot.generation;
            events.after(slot.runFor, () -> {
                if (!slot.finished && slot.generation == generation) {
                    finish(slot);
                }
            });
        }
    }

    /** The pod left its node without finishing: its controller creates a new pending one in its slot. */
    public void removed(Pod pod) {
        Slot slot = byPod.remove(pod.key());
        if (slot == null || slot.finished) {
            return;
        }
        slot.pod = null;
        if (slot.owner.keepsReplicas() && live.getOrDefault(slot.owner, new LinkedHashMap<>()).size()
                > desired.getOrDefault(slot.owner, 0)) {
            finish(slot);
            return;
        }
        fill(slot);
    }

    /** The slot of a pod, if a workload owns it. */
    public String slotOf(String podKey) {
        Slot slot = byPod.get(podKey);
        return slot == null ? null : slot.id;
    }

    /** True when the slot is done or its current pod is bound to a node other than {@code formerNode}. */
    public boolean servedElsewhere(String slotId, String formerNode, Function<String, String> nodeOf) {
        Slot slot = bySlot.get(slotId);
        if (slot == null || slot.finished || slot.pod == null) {
            return slot == null || slot.finished;
        }
        String node = nodeOf.apply(slot.pod);
        return node != null && !node.isEmpty() && !node.equals(formerNode);
    }
}
