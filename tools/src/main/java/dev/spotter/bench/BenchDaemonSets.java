package dev.spotter.bench;

import dev.spotter.cluster.DaemonSet;
import dev.spotter.manifest.ManifestReader;
import dev.spotter.manifest.Manifests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The DaemonSets a benchmark plans with ({@code --daemonsets}): {@code eks} (the default) is a stock EKS node's
 * (aws-node, kube-proxy, eks-pod-identity-agent, ebs-csi-node), {@code eks+agent} adds a log and metrics agent,
 * {@code none} plans bare nodes (as Karpenter's benchmark and the karpenter-bench harness do); anything else is a YAML
 * file whose DaemonSets are used.
 */
record BenchDaemonSets(String name, List<DaemonSet> daemonSets) {
    static final String DEFAULT = "eks";
    private static final String EKS = "daemonsets/eks.yaml";
    private static final String AGENT = "daemonsets/observability-agent.yaml";

    BenchDaemonSets {
        daemonSets = List.copyOf(daemonSets);
    }

    static BenchDaemonSets of(String spec) {
        return switch (spec.toLowerCase(Locale.ROOT)) {
            case "none" -> new BenchDaemonSets("none", List.of());
            case "eks" -> new BenchDaemonSets("eks", shipped(EKS));
            case "eks+agent" -> {
                List<DaemonSet> all = new ArrayList<>(shipped(EKS));
                all.addAll(shipped(AGENT));
                yield new BenchDaemonSets("eks+agent", all);
            }
            default -> fromFile(Path.of(spec));
        };
    }

    private static BenchDaemonSets fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--daemonsets takes none, eks, eks+agent or a YAML file; " + file + " is not a file");
        }
        Manifests manifests = ManifestReader.read(file);
        if (manifests.daemonSets().isEmpty()) {
            throw new IllegalArgumentException("--daemonsets " + file + " holds no DaemonSet");
        }
        return new BenchDaemonSets(file.getFileName().toString(), manifests.daemonSets());
    }

    private static List<DaemonSet> shipped(String resource) {
        try (InputStream in = BenchDaemonSets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the tools jar lacks dev/spotter/bench/" + resource);
            }
            return ManifestReader.read(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8)).daemonSets();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dev/spotter/bench/" + resource, e);
        }
    }
}
