package dev.spotter.scheduling;

import dev.spotter.cluster.HostPort;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;
import dev.spotter.cluster.TopologySpreadConstraint;
import dev.spotter.cluster.WeightedTerm;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Toleration;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Groups the pending pods into {@link PodClass}es: pods alike in everything placement looks at share one class. */
final class ClassCompiler {
    private final SchedulingInput input;
    private final ResourceIndex resources;
    private final List<PoolModel> pools;
    private final List<PodClass> classes;
    private final List<PodModel> pods;

    ClassCompiler(Problem problem) {
        this.input = problem.input;
        this.resources = problem.resources;
        this.pools = problem.pools;
        this.classes = problem.classes;
        this.pods = problem.pods;
    }

    void compile(Iterable<Pod> pending) {
        Set<String> selectorKeys = selectorKeys(pending);
        boolean anyPreferNoSchedule = pools.stream().anyMatch(p -> p.hasPreferNoScheduleTaint);
        Map<ClassKey, PodClass> byKey = new LinkedHashMap<>();
        for (Pod pod : pending) {
            Map<String, String> relevant = new TreeMap<>();
            pod.labels().forEach((k, v) -> {
                if (selectorKeys.contains(k)) {
                    relevant.put(k, v);
                }
            });
            ClassKey key = new ClassKey(pod.namespace(), relevant, pod.requests(), pod.nodeSelector(), pod.requiredNodeAffinity(),
                    pod.preferredNodeAffinity(), pod.tolerations(), pod.topologySpread(), pod.podAffinity(), pod.podAntiAffinity(),
                    pod.hostPorts());
            PodClass podClass = byKey.computeIfAbsent(key,
                    k -> new PodClass(byKey.size(), pod, resources.requests(pod.requests()), anyPreferNoSchedule));
            PodModel model = new PodModel(pods.size(), pod, podClass);
            pods.add(model);
            podClass.pods.add(model);
        }
        classes.addAll(byKey.values());
    }

    private record ClassKey(String namespace, Map<String, String> labels, Resources requests, Map<String, String> nodeSelector,
                            List<Requirements> required, List<WeightedTerm> preferred, List<Toleration> tolerations,
                            List<TopologySpreadConstraint> spread, List<PodAffinityTerm> affinity, List<PodAffinityTerm> antiAffinity,
                            List<HostPort> hostPorts) {
    }

    private Set<String> selectorKeys(Iterable<Pod> pending) {
        Set<String> keys = new HashSet<>();
        for (Pod pod : pending) {
            pod.topologySpread().forEach(c -> keys.addAll(c.selector().keys()));
            pod.podAffinity().forEach(t -> keys.addAll(t.selector().keys()));
            pod.podAntiAffinity().forEach(t -> keys.addAll(t.selector().keys()));
        }
        for (ExistingNode node : input.nodes()) {
            node.pods().forEach(p -> p.podAntiAffinity().forEach(t -> keys.addAll(t.selector().keys())));
        }
        for (InFlightClaim claim : input.inFlightClaims()) {
            claim.pods().forEach(p -> p.podAntiAffinity().forEach(t -> keys.addAll(t.selector().keys())));
        }
        return keys;
    }
}
