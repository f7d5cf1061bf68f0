package dev.spotter.scheduling;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The (NodePool, instance type) pairs a new NodeClaim could give each pending pod, by the engine's own per-pod checks
 * (a {@link PoolFit}: taints, node selector and affinity, zones and capacity types, the GPU/accelerator/metal rule,
 * allocatable less DaemonSet overhead, minValues), united over every relaxation level the pod can reach. Checks that
 * depend on other pods (topology, host ports, limits) are not applied. So no plan of either strategy puts a pod on a
 * new node outside its set: lower bounds use this to grant a pod exactly the types the engine would.
 */
public final class UsableTypes {

    /** An instance type as one NodePool launches it. */
    public record PoolType(String nodePool, String instanceType) {
    }

    private UsableTypes() {
    }

    /**
     * Every pending pod the engine would plan (not DaemonSet pods, not already bound or placed), by key; pods of one
     * class share one set. A pod whose set is empty cannot get a new node.
     */
    public static Map<String, Set<PoolType>> byPod(SchedulingInput input) {
        Problem problem = Problem.compile(input);
        Map<String, Set<PoolType>> byPod = new HashMap<>();
        for (PodClass podClass : problem.classes) {
            Set<PoolType> usable = Set.copyOf(usable(problem, podClass));
            podClass.pods.forEach(pod -> byPod.put(pod.key, usable));
        }
        return byPod;
    }

    private static Set<PoolType> usable(Problem problem, PodClass podClass) {
        Set<PoolType> usable = new LinkedHashSet<>();
        for (int level = 0; level <= podClass.maxLevel; level++) {
            Variant variant = problem.variant(podClass, level);
            if (variant.unsupported != null) {
                continue;
            }
            for (PoolModel pool : problem.pools) {
                PoolFit fit = variant.fit(pool);
                if (fit == null) {
                    continue;
                }
                for (int t = Bits.next(fit.types, 0); t >= 0; t = Bits.next(fit.types, t + 1)) {
                    usable.add(new PoolType(pool.name, pool.types[t].name));
                }
            }
        }
        return usable;
    }
}
