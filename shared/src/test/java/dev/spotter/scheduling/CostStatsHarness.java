package dev.spotter.scheduling;

import java.util.List;

/**
 * Manual harness (not a test): on random small inputs (the property test's generator), how often CostOptimizing's packing
 * alone ({@code args[1]} = 0) or with the FFD comparison (= 2000) is cheaper than, equal to or dearer than FFD when both
 * place the same pods. Arguments: sample count, baseline limit, and any third argument to print each new worst case.
 */
public final class CostStatsHarness {
    public static void main(String[] args) {
        List<SchedulingInput> inputs = new PlanPropertiesTest().inputs().sampleStream().limit(Integer.parseInt(args.length > 0 ? args[0] : "500")).toList();
        int better = 0, equal = 0, worse = 0, fewer = 0, different = 0;
        double worst = 0, total = 0, totalFfd = 0;
        for (SchedulingInput input : inputs) {
            Plan ffd = new FirstFitDecreasing().plan(input);
            Plan cost = new CostOptimizing(CostOptimizing.DEFAULT_SEARCH_BUDGET, args.length > 1 ? Integer.parseInt(args[1]) : 0).plan(input);
            java.util.Set<String> ffdFailed = new java.util.TreeSet<>();
            ffd.unschedulable().forEach(u -> ffdFailed.add(u.pod()));
            java.util.Set<String> costFailed = new java.util.TreeSet<>();
            cost.unschedulable().forEach(u -> costFailed.add(u.pod()));
            if (!ffdFailed.equals(costFailed)) {
                different++;
            }
            if (cost.placedPodCount() != ffd.placedPodCount() || !ffdFailed.equals(costFailed)) {
                if (cost.placedPodCount() < ffd.placedPodCount()) {
                    fewer++;
                }
                continue;
            }
            total += cost.hourlyCost();
            totalFfd += ffd.hourlyCost();
            if (cost.hourlyCost() < ffd.hourlyCost() - 1e-9) {
                better++;
            } else if (cost.hourlyCost() > ffd.hourlyCost() + 1e-9) {
                worse++;
                if (cost.hourlyCost() / ffd.hourlyCost() - 1 > worst && args.length > 2) {
                    System.out.println("POOLS " + input.nodePools().stream().map(p -> p.name() + " w" + p.weight() + " " + p.limits() + " " + p.requirements()).toList()
                            + " NODES " + input.nodes().size() + " DS " + input.daemonSets().size());
                    input.pendingPods().forEach(p -> System.out.println("  " + p.name() + " " + p.requests() + " " + p.labels() + " sel=" + p.nodeSelector()
                            + " spread=" + p.topologySpread().size() + " anti=" + p.podAntiAffinity().size()));
                    System.out.println("FFD " + ffd.hourlyCost() + " " + ffd.nodeClaims().stream().map(c -> c.instanceTypes().get(0) + "/" + c.hourlyPrice() + c.zones() + c.pods()).toList() + " nodes=" + ffd.nodePlacements());
                    System.out.println("COST " + cost.hourlyCost() + " " + cost.nodeClaims().stream().map(c -> c.instanceTypes().get(0) + "/" + c.hourlyPrice() + c.zones() + c.pods()).toList() + " nodes=" + cost.nodePlacements());
                }
                worst = Math.max(worst, cost.hourlyCost() / ffd.hourlyCost() - 1);
            } else {
                equal++;
            }
        }
        System.out.printf("same pods placed: better %d, equal %d, worse %d (worst +%.1f%%); other pods placed %d (fewer %d); "
                + "total %.3f vs ffd %.3f%n", better, equal, worse, worst * 100, different, fewer, total, totalFfd);
    }
}
