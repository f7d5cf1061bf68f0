package dev.spotter.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads Karpenter v1 NodePools (karpenter.sh/v1) and EC2NodeClasses (karpenter.k8s.aws/v1) from multi-document YAML,
 * validated as Karpenter's CRDs validate them. Errors are {@link ConfigException}s naming file, object and field;
 * unknown fields and other kinds are tolerated with a {@link ConfigWarning}.
 */
public final class ConfigLoader {
    public static final String NODEPOOL_API_VERSION = "karpenter.sh/v1";
    public static final String NODECLASS_API_VERSION = NodeClassParser.GROUP + "/v1";
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final List<String> OBJECT_FIELDS = List.of("apiVersion", "kind", "metadata", "spec", "status");
    private static final String[] METADATA_FIELDS = {"name", "namespace", "labels", "annotations", "uid", "resourceVersion",
            "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "finalizers",
            "managedFields", "ownerReferences", "generateName", "selfLink"};

    private ConfigLoader() {
    }

    /** Parses one YAML text (any number of documents); {@code sourceName} names it in errors and warnings. */
    public static SpotterConfig parse(String sourceName, String yaml) {
        Collector collector = new Collector();
        collector.add(sourceName, yaml);
        return collector.build();
    }

    /** Parses several sources (name to YAML, in the map's order) as one configuration. */
    public static SpotterConfig parse(Map<String, String> sources) {
        Collector collector = new Collector();
        sources.forEach(collector::add);
        return collector.build();
    }

    /** Reads every *.yaml and *.yml file of {@code dir} (not its subdirectories), in file-name order. */
    public static SpotterConfig loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir.toString(), "", "", "is not a directory");
        }
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(ConfigLoader::isYaml).sorted().toList()) {
                sources.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration directory " + dir + ": " + e.getMessage(), e);
        }
        if (sources.isEmpty()) {
            throw new ConfigException(dir.toString(), "", "", "holds no *.yaml or *.yml file");
        }
        return parse(sources);
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    /** The kind of a document, or empty; {@code root} is named by the document's index. */
    public static String kind(YamlNode root) {
        if (!root.raw().isObject()) {
            throw root.error("expected a Kubernetes object (a mapping with apiVersion and kind)");
        }
        return root.string("kind", "");
    }

    /** Reads a NodePool document; {@code root} is named by the document's index until its name is known. */
    public static NodePool parseNodePool(YamlNode root) {
        YamlNode named = header(root, "NodePool", NODEPOOL_API_VERSION);
        return NodePoolParser.parse(named, named.object().substring("NodePool/".length()));
    }

    /** Reads a NodeOverlay document (karpenter.sh/v1alpha1). */
    public static NodeOverlay parseNodeOverlay(YamlNode root) {
        YamlNode named = header(root, NodeOverlay.KIND, NodeOverlay.API_VERSION);
        return NodeOverlayParser.parse(named, named.object().substring((NodeOverlay.KIND + "/").length()));
    }

    /** Reads an EC2NodeClass document. */
    public static NodeClass parseNodeClass(YamlNode root) {
        YamlNode named = header(root, NodeClassParser.KIND, NODECLASS_API_VERSION);
        return NodeClassParser.parse(named, named.object().substring((NodeClassParser.KIND + "/").length()));
    }

    /**
     * Checks apiVersion, reads metadata.name and returns the root renamed "Kind/name". Kubernetes' own fields
     * (status, metadata.uid, ...) are accepted silently so that `kubectl get -o yaml` output reads too.
     */
    public static YamlNode header(YamlNode root, String kind, String apiVersion) {
        String actual = root.string("apiVersion", "");
        YamlNode metadata = root.get("metadata");
        String name = metadata.isMissing() ? "" : metadata.string("name", "");
        YamlNode named = name.isEmpty() ? root.renamed(root.object() + " (" + kind + ")") : root.renamed(kind + "/" + name);
        if (!actual.equals(apiVersion)) {
            String hint = actual.isEmpty() ? "apiVersion is required" : "apiVersion " + actual + " is not supported";
            throw named.error("apiVersion", hint + ": Spotter reads " + kind + " " + apiVersion
                    + " (Karpenter v1; convert older objects with Karpenter's v1 migration guide)");
        }
        if (name.isEmpty()) {
            throw named.get("metadata").error("name", "is required");
        }
        if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
            throw named.get("metadata").error("name", "'" + name + "' is not a valid name: lower-case alphanumerics, '-' and '.', "
                    + "starting and ending with an alphanumeric");
        }
        named.allowOnly(OBJECT_FIELDS.toArray(String[]::new));
        named.get("metadata").allowOnly(METADATA_FIELDS);
        return named;
    }

    /**
     * Gathers NodePools and EC2NodeClasses from several documents and sources, rejecting duplicate names, and
     * checks at {@link #build()} that every nodeClassRef resolves.
     */
    public static final class Collector {
        private final Map<String, Located<NodePool>> nodePools = new LinkedHashMap<>();
        private final Map<String, Located<NodeClass>> nodeClasses = new LinkedHashMap<>();
        private final Map<String, NodeOverlay> nodeOverlays = new LinkedHashMap<>();
        private final List<ConfigWarning> warnings = new ArrayList<>();

        /** Reads every document of one source; kinds other than NodePool, EC2NodeClass and NodeOverlay are skipped with a warning. */
        public void add(String sourceName, String yaml) {
            for (YamlDocuments.Document document : YamlDocuments.read(sourceName, yaml)) {
                YamlNode root = YamlNode.root(document.tree(), sourceName, document.label(), warnings);
                String kind = kind(root);
                switch (kind) {
                    case "NodePool" -> addNodePool(root);
                    case NodeClassParser.KIND -> addNodeClass(root);
                    case NodeOverlay.KIND -> addNodeOverlay(root);
                    case "" -> throw root.error("kind", "is required");
                    default -> root.warn("kind " + kind + " is not Karpenter configuration; skipped");
                }
            }
        }

        public List<ConfigWarning> warnings() {
            return warnings;
        }

        public void addNodePool(YamlNode root) {
            NodePool pool = parseNodePool(root);
            Located<NodePool> previous = nodePools.putIfAbsent(pool.name(),
                    new Located<>(pool, root.source(), "NodePool/" + pool.name()));
            if (previous != null) {
                throw new ConfigException(root.source(), "NodePool/" + pool.name(), "metadata.name",
                        "duplicate NodePool name (first defined in " + previous.source() + ")");
            }
        }

        public void addNodeClass(YamlNode root) {
            NodeClass nodeClass = parseNodeClass(root);
            Located<NodeClass> previous = nodeClasses.putIfAbsent(nodeClass.name(),
                    new Located<>(nodeClass, root.source(), NodeClassParser.KIND + "/" + nodeClass.name()));
            if (previous != null) {
                throw new ConfigException(root.source(), NodeClassParser.KIND + "/" + nodeClass.name(), "metadata.name",
                        "duplicate EC2NodeClass name (first defined in " + previous.source() + ")");
            }
        }

        public void addNodeOverlay(YamlNode root) {
            NodeOverlay overlay = parseNodeOverlay(root);
            if (nodeOverlays.putIfAbsent(overlay.name(), overlay) != null) {
                throw new ConfigException(root.source(), NodeOverlay.KIND + "/" + overlay.name(), "metadata.name",
                        "duplicate NodeOverlay name");
            }
        }

        public List<NodeOverlay> nodeOverlays() {
            return List.copyOf(nodeOverlays.values());
        }

        public List<NodePool> nodePools() {
            return nodePools.values().stream().map(Located::value).toList();
        }

        public List<NodeClass> nodeClasses() {
            return nodeClasses.values().stream().map(Located::value).toList();
        }

        /** The configuration, after checking that every NodePool's nodeClassRef names an EC2NodeClass read here. */
        public SpotterConfig build() {
            for (Located<NodePool> pool : nodePools.values()) {
                String ref = pool.value().nodeClassName();
                if (!nodeClasses.containsKey(ref)) {
                    throw new ConfigException(pool.source(), pool.object(), "spec.template.spec.nodeClassRef.name",
                            "EC2NodeClass '" + ref + "' is not defined" + (nodeClasses.isEmpty() ? " (no EC2NodeClass was read)"
                                    : " (defined: " + nodeClasses.keySet() + ")"));
                }
            }
            return new SpotterConfig(nodePools(), nodeClasses(), nodeOverlays(), warnings);
        }

        private record Located<T>(T value, String source, String object) {
        }
    }
}
