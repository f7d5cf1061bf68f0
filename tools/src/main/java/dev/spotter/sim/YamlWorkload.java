package dev.spotter.sim;

import dev.spotter.cluster.Pod;
import dev.spotter.config.ConfigException;
import dev.spotter.config.ConfigLoader;
import dev.spotter.config.ConfigWarning;
import dev.spotter.config.Durations;
import dev.spotter.config.YamlDocuments;
import dev.spotter.config.YamlNode;
import dev.spotter.manifest.ManifestReader;
import dev.spotter.manifest.Manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML workload: the Deployment, StatefulSet, Job and Pod documents {@code spotter plan} reads (each expanded to its
 * replicas, which exist from time zero), PodDisruptionBudgets ({@code policy/v1}, {@code matchLabels} and an integer
 * {@code minAvailable} or {@code maxUnavailable}), and at most one {@code SimulationSchedule} document
 * ({@code spotter.dev/v1alpha1}) saying how things change:
 * <pre>
 * spec:
 *   duration: 24h                      # how long the workload lasts (default: its last change plus 1h)
 *   replicas:                          # an HPA-like step function per Deployment or StatefulSet
 *     - workload: web/frontend         # namespace/name of a Deployment or StatefulSet above
 *       points: [{at: 0s, replicas: 4}, {at: 8h, replicas: 12}]
 *   jobs:                              # a Job named here is created at each arrival (not at time zero)
 *     - workload: ml/train
 *       arrivals: [1h, 13h]
 *       runFor: 3h                     # each pod completes this long after it is bound; evicted, it starts over
 * </pre>
 */
public final class YamlWorkload {
    public static final String SCHEDULE_KIND = "SimulationSchedule";
    public static final String SCHEDULE_API_VERSION = "spotter.dev/v1alpha1";

    private YamlWorkload() {
    }

    public static Workload read(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read workload " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), yaml);
    }

    public static Workload parse(String source, String yaml) {
        Manifests manifests = ManifestReader.read(source, yaml);
        Map<Workload.Owner, List<Pod>> byOwner = new LinkedHashMap<>();
        for (Pod pod : manifests.pods()) {
            Workload.Owner owner = pod.ownerKind().isEmpty() ? new Workload.Owner("Pod", pod.namespace(), pod.name())
                    : new Workload.Owner(pod.ownerKind(), pod.namespace(), pod.ownerName());
            byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(pod);
        }
        List<ConfigWarning> warnings = new ArrayList<>();
        List<Workload.Budget> budgets = new ArrayList<>();
        YamlNode schedule = null;
        for (YamlDocuments.Document document : YamlDocuments.read(source, yaml)) {
            YamlNode root = YamlNode.root(document.tree(), source, document.label(), warnings);
            String kind = ConfigLoader.kind(root);
            if (kind.equals("PodDisruptionBudget")) {
                budgets.add(budget(root));
            } else if (kind.equals(SCHEDULE_KIND)) {
                if (schedule != null) {
                    throw root.error("kind", "only one " + SCHEDULE_KIND + " document is allowed");
                }
                if (!SCHEDULE_API_VERSION.equals(root.string("apiVersion", ""))) {
                    throw root.error("apiVersion", "must be " + SCHEDULE_API_VERSION);
                }
                schedule = root.get("spec").allowOnly("duration", "replicas", "jobs");
            }
        }
        if (byOwner.isEmpty()) {
            throw new ConfigException(source, "", "", "the workload holds no Deployment, StatefulSet, Job or Pod");
        }
        Map<Workload.Owner, Pod> templates = new LinkedHashMap<>();
        byOwner.forEach((owner, pods) -> templates.put(owner, pods.get(0)));
        List<Workload.Change> changes = new ArrayList<>();
        Map<String, Workload.Owner> byKey = new LinkedHashMap<>();
        byOwner.keySet().forEach(owner -> byKey.put(owner.key(), owner));
        Map<Workload.Owner, Duration> scheduledJobs = new LinkedHashMap<>();
        Duration last = Duration.ZERO;
        Duration duration = null;
        if (schedule != null) {
            String text = schedule.string("duration", "");
            duration = text.isEmpty() ? null : duration(schedule, "duration", text);
            for (YamlNode entry : schedule.list("replicas")) {
                entry.allowOnly("workload", "points");
                Workload.Owner owner = owner(entry, byKey);
                if (!owner.keepsReplicas()) {
                    throw entry.error("workload", owner.key() + " is a " + owner.kind() + ", not a Deployment or StatefulSet");
                }
                for (YamlNode point : entry.list("points")) {
                    point.allowOnly("at", "replicas");
                    Duration at = duration(point, "at", point.string("at"));
                    int replicas = point.integer("replicas", -1);
                    if (replicas < 0) {
                        throw point.error("replicas", "is required and must not be negative");
                    }
                    changes.add(new Workload.Scale(at, owner, replicas));
                    last = max(last, at);
                }
            }
            for (YamlNode entry : schedule.list("jobs")) {
                entry.allowOnly("workload", "arrivals", "runFor");
                Workload.Owner owner = owner(entry, byKey);
                if (!owner.kind().equals("Job")) {
                    throw entry.error("workload", owner.key() + " is a " + owner.kind() + ", not a Job");
                }
                String runText = entry.string("runFor", "");
                Duration runFor = runText.isEmpty() ? null : duration(entry, "runFor", runText);
                scheduledJobs.put(owner, runFor);
                for (String arrival : entry.stringList("arrivals")) {
                    Duration at = duration(entry, "arrivals", arrival);
                    changes.add(new Workload.Start(at, owner, byOwner.get(owner).size(), null, runFor));
                    last = max(last, runFor == null ? at : at.plus(runFor));
                }
            }
        }
        for (Map.Entry<Workload.Owner, List<Pod>> entry : byOwner.entrySet()) {
            Workload.Owner owner = entry.getKey();
            if (owner.keepsReplicas()) {
                changes.add(0, new Workload.Scale(Duration.ZERO, owner, entry.getValue().size()));
            } else if (!scheduledJobs.containsKey(owner)) {
                changes.add(new Workload.Start(Duration.ZERO, owner, entry.getValue().size(), null, null));
            }
        }
        Duration span = duration != null ? duration : last.plus(Duration.ofHours(1));
        return new Workload(source, templates, changes, budgets, span);
    }

    private static Workload.Owner owner(YamlNode entry, Map<String, Workload.Owner> byKey) {
        String key = entry.string("workload");
        Workload.Owner owner = byKey.get(key.contains("/") ? key : "default/" + key);
        if (owner == null) {
            throw entry.error("workload", "'" + key + "' names no workload of this file (known: " + byKey.keySet() + ")");
        }
        return owner;
    }

    private static Workload.Budget budget(YamlNode root) {
        if (!"policy/v1".equals(root.string("apiVersion", ""))) {
            throw root.error("apiVersion", "must be policy/v1 for a PodDisruptionBudget");
        }
        YamlNode metadata = root.get("metadata");
        String name = metadata.string("name");
        String namespace = metadata.string("namespace", "default");
        YamlNode spec = root.get("spec").allowOnly("selector", "minAvailable", "maxUnavailable", "unhealthyPodEvictionPolicy");
        Integer minAvailable = spec.integer("minAvailable", null);
        Integer maxUnavailable = spec.integer("maxUnavailable", null);
        if ((minAvailable == null) == (maxUnavailable == null)) {
            throw spec.error("exactly one of minAvailable and maxUnavailable (an integer) is required");
        }
        if ((minAvailable != null && minAvailable < 0) || (maxUnavailable != null && maxUnavailable < 0)) {
            throw spec.error("minAvailable and maxUnavailable must not be negative");
        }
        YamlNode selector = spec.get("selector").allowOnly("matchLabels");
        Map<String, String> labels = selector.stringMap("matchLabels");
        if (labels.isEmpty()) {
            throw spec.error("selector", "needs matchLabels (the simulator reads no other selector)");
        }
        return new Workload.Budget(namespace, name, labels, minAvailable, maxUnavailable);
    }

    private static Duration duration(YamlNode node, String field, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw node.error(field, e.getMessage());
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
