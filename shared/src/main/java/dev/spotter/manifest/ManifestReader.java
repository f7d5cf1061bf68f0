package dev.spotter.manifest;

import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.Gangs;
import dev.spotter.cluster.PodGroup;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodDisruptionBudget;
import dev.spotter.model.Requirements;
import dev.spotter.config.ConfigLoader;
import dev.spotter.config.ConfigWarning;
import dev.spotter.config.LabelRules;
import dev.spotter.config.NodeOverlay;
import dev.spotter.config.NodePool;
import dev.spotter.config.YamlDocuments;
import dev.spotter.config.YamlNode;
import dev.spotter.model.Resources;
import dev.spotter.model.Taint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads multi-document Kubernetes YAML: NodePools and EC2NodeClasses (as {@link ConfigLoader} does), Pods, Nodes,
 * DaemonSets, PodDisruptionBudgets, and, for convenient examples, Deployments, ReplicaSets, StatefulSets and Jobs, each expanded into its
 * pending pods ({@code <name>-0}, {@code <name>-1}, ...). {@code kind: List} (kubectl get -o yaml) is read item by
 * item. NodeOverlays (karpenter.sh/v1alpha1) and coscheduling PodGroups (scheduling.x-k8s.io/v1alpha1) are read
 * too; a Job labelled {@code kueue.x-k8s.io/queue-name} with more than one pod is a gang (Kueue admits it whole):
 * its pods get Kueue's pod-group label and total-count annotation. Other kinds are skipped with a warning; errors name file, object and field. When the manifests hold any
 * EC2NodeClass, every NodePool's nodeClassRef must resolve among them.
 */
public final class ManifestReader {
    private static final Set<String> WORKLOADS = Set.of("Deployment", "ReplicaSet", "StatefulSet", "Job");
    private static final String DEFAULT_NAMESPACE = "default";
    private static final String PODGROUP_API_VERSION = "scheduling.x-k8s.io/v1alpha1";
    /** Kueue admits a Job carrying this label as one workload: all its pods or none. */
    static final String KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";

    private final ConfigLoader.Collector config = new ConfigLoader.Collector();
    private final List<ConfigWarning> warnings = config.warnings();
    private final List<Pod> pods = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<DaemonSet> daemonSets = new ArrayList<>();
    private final List<PodGroup> podGroups = new ArrayList<>();
    private final List<PdbSpec> pdbs = new ArrayList<>();
    private final Map<String, Map<String, String>> objectAnnotations = new LinkedHashMap<>();

    private ManifestReader() {
    }

    public static Manifests read(String sourceName, String yaml) {
        ManifestReader reader = new ManifestReader();
        reader.add(sourceName, yaml);
        return reader.result();
    }

    /** Reads several sources (name to YAML, in the map's order) as one set. */
    public static Manifests read(Map<String, String> sources) {
        ManifestReader reader = new ManifestReader();
        sources.forEach(reader::add);
        return reader.result();
    }

    /** Reads a file, or every *.yaml / *.yml file of a directory in name order. */
    public static Manifests read(Path path) {
        Map<String, String> sources = new LinkedHashMap<>();
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    for (Path file : files.filter(ManifestReader::isYaml).sorted().toList()) {
                        sources.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
                    }
                }
            } else {
                sources.put(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifests " + path + ": " + e.getMessage(), e);
        }
        return read(sources);
    }

    /** Reads one Pod object (a document's root), e.g. for a function handed a pod as YAML or JSON. */
    public static Pod parsePod(YamlNode root) {
        return new ManifestReader().pod(root);
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    private void add(String sourceName, String yaml) {
        for (YamlDocuments.Document document : YamlDocuments.read(sourceName, yaml)) {
            object(YamlNode.root(document.tree(), sourceName, document.label(), warnings));
        }
    }

    private void object(YamlNode root) {
        String kind = ConfigLoader.kind(root);
        switch (kind) {
            case "" -> throw root.error("kind", "is required");
            case "NodePool" -> {
                config.addNodePool(root);
                objectAnnotations.put("NodePool/" + root.get("metadata").string("name", ""), root.get("metadata").stringMap("annotations"));
            }
            case "EC2NodeClass" -> {
                config.addNodeClass(root);
                objectAnnotations.put("EC2NodeClass/" + root.get("metadata").string("name", ""), root.get("metadata").stringMap("annotations"));
            }
            case NodeOverlay.KIND -> config.addNodeOverlay(root);
            case "PodGroup" -> podGroups.add(podGroup(root));
            case "PodDisruptionBudget" -> pdbs.add(pdb(root));
            case "Pod" -> pods.add(pod(root));
            case "Node" -> nodes.add(node(root));
            case "DaemonSet" -> daemonSets.add(daemonSet(root));
            default -> {
                if (WORKLOADS.contains(kind)) {
                    pods.addAll(workload(root, kind));
                } else if (kind.endsWith("List")) {
                    List<YamlNode> items = root.list("items");
                    for (YamlNode item : items) {
                        object(YamlNode.root(item.raw(), root.source(), root.object() + " " + item.path(), warnings));
                    }
                } else {
                    root.warn("kind " + kind + " is not read by Spotter; skipped");
                }
            }
        }
    }

    private Manifests result() {
        List<NodePool> pools = config.nodePools();
        if (!config.nodeClasses().isEmpty()) {
            config.build();
        } else if (!pools.isEmpty()) {
            warnings.add(new ConfigWarning("manifests", "", "", "no EC2NodeClass was read: NodePools' nodeClassRefs are not checked"));
        }
        List<PodDisruptionBudget> budgets = new ArrayList<>();
        for (PdbSpec pdb : pdbs) {
            budgets.add(pdb.resolve(pods));
        }
        return new Manifests(pools, config.nodeClasses(), pods, nodes, daemonSets, budgets, objectAnnotations,
                config.nodeOverlays(), podGroups, warnings);
    }

    /** Checks apiVersion and reads metadata.name/namespace; returns the root named "Kind/namespace/name". */
    private static Named named(YamlNode root, String kind, String apiVersion, boolean namespaced) {
        String actual = root.string("apiVersion", "");
        YamlNode metadata = root.get("metadata");
        String name = metadata.isMissing() ? "" : metadata.string("name", "");
        String namespace = namespaced ? metadata.string("namespace", DEFAULT_NAMESPACE) : "";
        String object = name.isEmpty() ? root.object() + " (" + kind + ")"
                : kind + "/" + (namespaced ? namespace + "/" : "") + name;
        YamlNode node = root.renamed(object);
        if (!actual.equals(apiVersion)) {
            throw node.error("apiVersion", actual.isEmpty() ? "is required (expected " + apiVersion + ")"
                    : "'" + actual + "' is not supported for " + kind + " (expected " + apiVersion + ")");
        }
        if (name.isEmpty()) {
            throw node.get("metadata").error("name", "is required");
        }
        node.allowOnly("apiVersion", "kind", "metadata", "spec", "status");
        node.get("metadata").allowOnly(PodSpecParser.METADATA_FIELDS);
        return new Named(node, namespace, name);
    }

    private record Named(YamlNode root, String namespace, String name) {
    }

    private Pod pod(YamlNode document) {
        Named named = named(document, "Pod", "v1", true);
        YamlNode root = named.root();
        return PodSpecParser.parse(named.namespace(), named.name(), root.get("metadata"), root.get("spec"));
    }

    /** A coscheduling PodGroup: spec.minMember (default 1, as the plugin's CRD). */
    private static PodGroup podGroup(YamlNode document) {
        Named named = named(document, "PodGroup", PODGROUP_API_VERSION, true);
        YamlNode spec = named.root().get("spec");
        int minMember = spec.integer("minMember", 1);
        if (minMember < 1) {
            throw spec.error("minMember", "must be at least 1, got " + minMember);
        }
        return new PodGroup(named.namespace(), named.name(), minMember);
    }

    /**
     * A PodDisruptionBudget as written: its selector, minAvailable or maxUnavailable (a count or a percentage), and
     * status.disruptionsAllowed when the object carries a status (kubectl get -o yaml).
     */
    private record PdbSpec(YamlNode root, String namespace, String name, Requirements selector, String minAvailable,
                           String maxUnavailable, Integer disruptionsAllowed) {

        /**
         * The budget with its disruptionsAllowed: the status's when given, else computed as the disruption controller
         * does from the bound pods it selects in the input (all counted healthy): maxUnavailable (a percentage rounded
         * up), or the selected pods less minAvailable (a percentage rounded up), never below 0.
         */
        PodDisruptionBudget resolve(List<Pod> pods) {
            if (disruptionsAllowed != null) {
                return new PodDisruptionBudget(namespace, name, selector, Math.max(0, disruptionsAllowed));
            }
            int selected = (int) pods.stream().filter(p -> !p.isPending() && p.namespace().equals(namespace)
                    && selector.matchesLabels(p.labels())).count();
            int allowed;
            if (!maxUnavailable.isEmpty()) {
                allowed = scaled(maxUnavailable, selected, "maxUnavailable");
            } else {
                allowed = selected - scaled(minAvailable, selected, "minAvailable");
            }
            return new PodDisruptionBudget(namespace, name, selector, Math.max(0, allowed));
        }

        private int scaled(String value, int total, String field) {
            try {
                if (value.endsWith("%")) {
                    int percent = Integer.parseInt(value.substring(0, value.length() - 1));
                    if (percent < 0 || percent > 100) {
                        throw new NumberFormatException();
                    }
                    return (int) Math.ceil(percent * total / 100.0);
                }
                int count = Integer.parseInt(value);
                if (count < 0) {
                    throw new NumberFormatException();
                }
                return count;
            } catch (NumberFormatException e) {
                throw root.get("spec").error(field, "'" + value + "' is not a non-negative count or a percentage 0%-100%");
            }
        }
    }

    private PdbSpec pdb(YamlNode document) {
        Named named = named(document, "PodDisruptionBudget", "policy/v1", true);
        YamlNode root = named.root();
        YamlNode spec = root.get("spec").allowOnly("selector", "minAvailable", "maxUnavailable", "unhealthyPodEvictionPolicy");
        String minAvailable = spec.string("minAvailable", "");
        String maxUnavailable = spec.string("maxUnavailable", "");
        if (minAvailable.isEmpty() == maxUnavailable.isEmpty()) {
            throw root.error("spec", "exactly one of minAvailable and maxUnavailable must be set");
        }
        Integer allowed = root.get("status").integer("disruptionsAllowed", null);
        return new PdbSpec(root, named.namespace(), named.name(), PodSpecParser.labelSelector(spec.get("selector")),
                minAvailable, maxUnavailable, allowed);
    }

    private DaemonSet daemonSet(YamlNode document) {
        Named named = named(document, "DaemonSet", "apps/v1", true);
        YamlNode spec = named.root().get("spec");
        Pod template = template(spec, named.namespace(), named.name());
        Pod pod = template.toBuilder().owner("DaemonSet", named.name()).build();
        return new DaemonSet(named.namespace(), named.name(), pod);
    }

    /** The pods a workload would create: replicas (Job: parallelism, at most completions), all pending. */
    private List<Pod> workload(YamlNode document, String kind) {
        Named named = named(document, kind, kind.equals("Job") ? "batch/v1" : "apps/v1", true);
        YamlNode spec = named.root().get("spec");
        if (spec.isMissing()) {
            throw named.root().error("spec", "is required");
        }
        int count;
        if (kind.equals("Job")) {
            count = spec.integer("parallelism", 1);
            Integer completions = spec.integer("completions", null);
            if (completions != null) {
                count = Math.min(count, completions);
            }
        } else {
            count = spec.integer("replicas", 1);
        }
        if (count < 0) {
            throw spec.error(kind.equals("Job") ? "parallelism" : "replicas", "must not be negative, got " + count);
        }
        Pod template = template(spec, named.namespace(), named.name());
        if (kind.equals("Job") && count > 1 && named.root().get("metadata").stringMap("labels").containsKey(KUEUE_QUEUE_LABEL)
                && Gangs.gangName(template).isEmpty()) {
            template = template.toBuilder()
                    .labels(with(template.labels(), Gangs.KUEUE_GROUP_LABEL, named.name()))
                    .annotations(with(template.annotations(), Gangs.KUEUE_COUNT_ANNOTATION, String.valueOf(count)))
                    .build();
        }
        List<Pod> expanded = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expanded.add(replica(template, named.name() + "-" + i, kind, named.name()));
        }
        return expanded;
    }

    private static Pod template(YamlNode spec, String namespace, String name) {
        YamlNode template = spec.get("template").allowOnly("metadata", "spec");
        if (template.isMissing()) {
            throw spec.error("template", "is required");
        }
        template.get("metadata").allowOnly(PodSpecParser.METADATA_FIELDS);
        return PodSpecParser.parse(namespace, name, template.get("metadata"), template.get("spec"));
    }

    private Node node(YamlNode document) {
        Named named = named(document, "Node", "v1", false);
        YamlNode root = named.root();
        YamlNode metadata = root.get("metadata");
        YamlNode spec = root.get("spec").allowOnly("taints", "providerID", "unschedulable", "podCIDR", "podCIDRs",
                "configSource", "externalID");
        YamlNode status = root.get("status");
        Map<String, String> labels = metadata.stringMap("labels");
        YamlNode labelNode = metadata.get("labels");
        labels.forEach((key, value) -> LabelRules.invalidKey(key).ifPresent(problem -> {
            throw labelNode.error(key, problem);
        }));
        List<Taint> taints = new ArrayList<>();
        for (YamlNode item : spec.list("taints")) {
            item.allowOnly("key", "value", "effect", "timeAdded");
            try {
                taints.add(new Taint(item.string("key"), item.string("value", ""), item.string("effect")));
            } catch (IllegalArgumentException e) {
                throw item.error(e.getMessage().startsWith("taint key") ? "key" : "effect", e.getMessage());
            }
        }
        Resources capacity = PodSpecParser.resourceList(status, "capacity");
        Resources allocatable = status.has("allocatable") ? PodSpecParser.resourceList(status, "allocatable") : capacity;
        return new Node(named.name(), labels, metadata.stringMap("annotations"), taints, capacity, allocatable,
                spec.string("providerID", ""), ready(status), Boolean.TRUE.equals(spec.bool("unschedulable", false)),
                PodSpecParser.timestamp(metadata, "creationTimestamp"));
    }

    private static boolean ready(YamlNode status) {
        for (YamlNode condition : status.list("conditions")) {
            if ("Ready".equals(condition.string("type", ""))) {
                return "True".equals(condition.string("status", ""));
            }
        }
        return false;
    }

    private static Map<String, String> with(Map<String, String> map, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    /** The template pod as one pending replica named {@code name}, owned by the workload. */
    private static Pod replica(Pod t, String name, String ownerKind, String ownerName) {
        return new Pod(t.namespace(), name, t.uid(), t.labels(), t.annotations(), "", t.requests(), t.nodeSelector(),
                t.requiredNodeAffinity(), t.preferredNodeAffinity(), t.tolerations(), t.topologySpread(), t.podAffinity(),
                t.podAntiAffinity(), t.hostPorts(), t.priority(), t.priorityClassName(), ownerKind, ownerName, t.createdAt(), false);
    }
}
