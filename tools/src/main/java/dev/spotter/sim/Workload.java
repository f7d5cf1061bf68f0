package dev.spotter.sim;

import dev.spotter.cluster.Pod;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What happens to the cluster's pods over a run, from time zero: workload owners (a Deployment, StatefulSet or Job
 * with its pod template) and a time-ordered list of changes. The {@link PodController} turns the changes into pods.
 *
 * @param source     the file it was read from, for the report
 * @param templates  each owner's pod template, by {@link Owner#key()}
 * @param changes    what happens when, ordered by time (ties in file order)
 * @param budgets    the PodDisruptionBudgets guarding the pods
 * @param span       how long the workload lasts when no duration is asked for
 */
public record Workload(String source, Map<Owner, Pod> templates, List<Change> changes, List<Budget> budgets, Duration span) {

    public Workload {
        templates = Map.copyOf(templates);
        List<Change> sorted = new ArrayList<>(changes);
        sorted.sort(Comparator.comparing(Change::at));
        changes = List.copyOf(sorted);
        budgets = List.copyOf(budgets);
    }

    /** A workload owner: kind (Deployment, StatefulSet, Job, Pod), namespace and name. */
    public record Owner(String kind, String namespace, String name) {
        public Owner {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
        }

        public String key() {
            return namespace + "/" + name;
        }

        /** Deployments and StatefulSets keep a replica count; Jobs and bare pods run to completion. */
        public boolean keepsReplicas() {
            return kind.equals("Deployment") || kind.equals("StatefulSet") || kind.equals("ReplicaSet");
        }
    }

    /** One change at a time offset from the start of the run. */
    public sealed interface Change permits Scale, Start {
        Duration at();
    }

    /** From {@code at} on, the owner (a Deployment or StatefulSet) keeps {@code replicas} pods. */
    public record Scale(Duration at, Owner owner, int replicas) implements Change {
    }

    /**
     * {@code count} pods of the owner are created at {@code at}. Each is deleted at {@code deleteAt} (a trace's
     * deletion time, whatever happened to it meanwhile), or completes {@code runFor} after it is bound (a Job's pod,
     * which starts over when it is evicted), or, with neither, runs to the end.
     */
    public record Start(Duration at, Owner owner, int count, Duration deleteAt, Duration runFor) implements Change {
    }

    /**
     * A PodDisruptionBudget: pods in {@code namespace} whose labels include {@code matchLabels}; either
     * {@code minAvailable} or {@code maxUnavailable} (an absolute count) is set.
     */
    public record Budget(String namespace, String name, Map<String, String> matchLabels, Integer minAvailable,
                         Integer maxUnavailable) {
        public Budget {
            matchLabels = Map.copyOf(matchLabels);
        }

        public boolean guards(Pod pod) {
            return pod.namespace().equals(namespace) && pod.labels().entrySet().containsAll(matchLabels.entrySet());
        }

        /** How many of {@code healthy} guarded pods out of {@code expected} may be disrupted now. */
        public int disruptionsAllowed(int healthy, int expected) {
            int allowed = minAvailable != null ? healthy - minAvailable : healthy - (expected - maxUnavailable);
            return Math.max(0, allowed);
        }
    }

    /** How many pods the workload creates at first (replica counts at time zero and pods started then). */
    public int podsAtStart() {
        int total = 0;
        for (Change change : changes) {
            if (!change.at().isZero()) {
                break;
            }
            total += change instanceof Scale s ? s.replicas() : ((Start) change).count();
        }
        return total;
    }
}
