package dev.spotter.cli;

import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.InstanceTypeResolver;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.config.ConfigException;
import dev.spotter.config.NodeClass;
import dev.spotter.config.NodePool;
import dev.spotter.manifest.ManifestReader;
import dev.spotter.manifest.Manifests;
import dev.spotter.scheduling.CostOptimizing;
import dev.spotter.scheduling.ExistingNode;
import dev.spotter.scheduling.FirstFitDecreasing;
import dev.spotter.scheduling.PlacementStrategy;
import dev.spotter.scheduling.Plan;
import dev.spotter.scheduling.SchedulingInput;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code spotter plan}: reads Kubernetes manifests (NodePool, EC2NodeClass, Pod, Node, DaemonSet), resolves instance
 * types per EC2NodeClass from the catalog, runs the placement engine once and prints the plan. Nothing is launched.
 */
public final class PlanCommand implements Command {
    private static final List<Set<String>> VALUED = List.of(
            Set.of("-f", "--filename"), Set.of("--catalog"), Set.of("--region"), Set.of("-o", "--output"), Set.of("--strategy"));
    private static final Set<String> FLAGS = Set.of("-h", "--help");

    @Override
    public String name() {
        return "plan";
    }

    @Override
    public String help() {
        return "plan nodes for pending pods: -f manifests.yaml [-f ...] [--output json|table] [--strategy cost|ffd]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            Arguments arguments = Arguments.parse(args, VALUED, FLAGS);
            if (arguments.flag("-h") || arguments.flag("--help")) {
                out.println(usage());
                return OK;
            }
            String output = arguments.choice("--output", "table", Set.of("json", "table"));
            PlacementStrategy strategy = strategy(arguments.choice("--strategy", "cost", Set.of("cost", "ffd")));
            List<Path> files = files(arguments.all("--filename"));
            Catalog catalog = catalog(arguments.single("--catalog", null), arguments.single("--region", CatalogCsv.DEFAULT_REGION));
            Manifests manifests = read(files);
            manifests.warnings().forEach(warning -> err.println("warning: " + warning));
            SchedulingInput input = input(manifests, catalog, err);
            Plan plan = strategy.plan(input);
            PlanReport report = PlanReport.of(plan);
            out.print(output.equals("json") ? report.toJson() + "\n" : report.toTable());
            out.flush();
            return OK;
        } catch (UsageException | ConfigException e) {
            err.println("spotter plan: " + e.getMessage());
            return INVALID_INPUT;
        }
    }

    static Manifests read(List<Path> files) {
        try {
            return ManifestReader.read(sources(files));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            // the reader reports bad YAML as ConfigException (file, object, field); anything else escaping it is still bad input
            throw new UsageException(e.getMessage(), e);
        }
    }

    private static PlacementStrategy strategy(String name) {
        return name.equals("ffd") ? new FirstFitDecreasing() : new CostOptimizing();
    }

    static List<Path> files(List<String> names) {
        if (names.isEmpty()) {
            throw new UsageException("no manifests given: use -f FILE (repeatable)\n" + usage());
        }
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            Path path = Path.of(name);
            if (Files.isDirectory(path)) {
                files.addAll(yamlFilesIn(path));
            } else if (Files.isRegularFile(path) && Files.isReadable(path)) {
                files.add(path);
            } else {
                throw new UsageException(name + ": no such readable file");
            }
        }
        return files;
    }

    /** Like kubectl -f DIR: the directory's *.yaml, *.yml and *.json files, in name order. */
    private static List<Path> yamlFilesIn(Path dir) {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(f -> f.getFileName().toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
        } catch (IOException e) {
            throw new UsageException(dir + ": cannot list directory: " + e.getMessage(), e);
        }
    }

    /** File contents keyed by the path as the user wrote it, so that errors name the file the same way. */
    static Map<String, String> sources(List<Path> files) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                sources.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UsageException(file + ": cannot read: " + e.getMessage(), e);
            }
        }
        return sources;
    }

    static Catalog catalog(String file, String region) {
        if (file == null) {
            if (!region.equals(CatalogCsv.DEFAULT_REGION)) {
                throw new UsageException("the shipped catalog covers " + CatalogCsv.DEFAULT_REGION + " only; give --catalog CSV for " + region);
            }
            return CatalogCsv.loadDefault();
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new UsageException(file + ": no such catalog file");
        }
        try {
            return CatalogCsv.load(path, region);
        } catch (RuntimeException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** Pending pods to plan; bound pods become the load of the existing node they name. */
    static SchedulingInput input(Manifests manifests, Catalog catalog, PrintStream err) {
        Map<String, List<Pod>> boundByNode = new TreeMap<>();
        List<Pod> pending = new ArrayList<>();
        for (Pod pod : manifests.pods()) {
            if (pod.isPending()) {
                pending.add(pod);
            } else {
                boundByNode.computeIfAbsent(pod.nodeName(), n -> new ArrayList<>()).add(pod);
            }
        }
        List<ExistingNode> nodes = new ArrayList<>();
        for (Node node : manifests.nodes()) {
            nodes.add(new ExistingNode(node, boundByNode.getOrDefault(node.name(), List.of())));
            boundByNode.remove(node.name());
        }
        boundByNode.forEach((node, pods) -> err.println("warning: " + pods.size() + " pod(s) bound to node " + node
                + " which is not in the input (" + pods.get(0).key() + (pods.size() > 1 ? ", ..." : "") + "); they are ignored"));
        Map<String, List<InstanceType>> instanceTypes = instanceTypes(manifests, catalog, err);
        if (manifests.nodePools().isEmpty() && !pending.isEmpty()) {
            err.println("warning: no NodePool in the input: pending pods can only go to existing nodes");
        }
        return SchedulingInput.builder()
                .pendingPods(pending)
                .nodes(nodes)
                .daemonSets(manifests.daemonSets())
                .nodePools(manifests.nodePools())
                .nodeClasses(manifests.nodeClasses())
                .instanceTypes(instanceTypes)
                .gangs(manifests.gangs())
                .build();
    }

    /** The instance types each EC2NodeClass of the input can launch, from the catalog; warns of unresolved NodePools. */
    static Map<String, List<InstanceType>> instanceTypes(Manifests manifests, Catalog catalog, PrintStream err) {
        Map<String, List<InstanceType>> instanceTypes = new LinkedHashMap<>();
        InstanceTypeResolver resolver = InstanceTypeResolver.estimated(catalog).toBuilder().overlays(manifests.nodeOverlays()).build();
        for (NodeClass nodeClass : manifests.nodeClasses()) {
            instanceTypes.put(nodeClass.name(), resolver.resolve(catalog, nodeClass, Set.of()));
        }
        for (NodePool pool : manifests.nodePools()) {
            if (!instanceTypes.containsKey(pool.nodeClassName())) {
                err.println("warning: NodePool/" + pool.name() + ": spec.template.spec.nodeClassRef.name: EC2NodeClass '"
                        + pool.nodeClassName() + "' is not in the input, so this NodePool launches nothing");
            }
        }
        return instanceTypes;
    }

    static String usage() {
        return String.join("\n",
                "usage: spotter plan -f FILE [-f FILE ...] [--catalog CSV [--region REGION]] [--output json|table] [--strategy cost|ffd]",
                "  -f, --filename FILE   Kubernetes YAML (multi-document): NodePool, EC2NodeClass, Pod, Node, DaemonSet",
                "                        pods with an empty spec.nodeName are pending; others load the Node they name",
                "  --catalog CSV         instance catalog (default: the shipped us-east-1 catalog)",
                "  --region REGION       the catalog's region (default us-east-1)",
                "  -o, --output FORMAT   table (default) or json",
                "  --strategy NAME       cost (default, cheapest packing) or ffd (Karpenter's first-fit decreasing)");
    }
}
