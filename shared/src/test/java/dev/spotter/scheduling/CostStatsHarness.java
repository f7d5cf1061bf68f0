package dev.spotter.scheduling;

import java.util.List;

/** Manual harness (not a test): how often the packer alone beats, ties or loses to FFD on random small inputs. */
public final class CostStatsHarness {
    public static void main(String[] args) {
        List<SchedulingInput> inputs = new PlanPropertiesTest().inputs().sampleStream().limit(Integer.parseInt(args.length > 0 ? args[0] : "500")).toList();
        int better = 0, equal = 0, worse = 0, fewer = 0;
        double worst = 0, total = 0, totalFfd = 0;
        for (SchedulingInput input : inputs) {
            Plan ffd = new FirstFitDecreasing().plan(input);
            Plan cost = new CostOptimizing(CostOptimizing.DEFAULT_SEARCH_BUDGET, args.length > 1 ? Integer.parseInt(args[1]) : 0).plan(input);
            if (cost.placedPodCount() != ffd.placedPodCount()) {
                if (cost.placedPodCount() < ffd.placedPodCount()) {
                    fewer++;
                    if (fewer <= 0) {
                        System.out.println("POOLS " + input.nodePools().stream().map(p -> p.name() + " w" + p.weight() + " " + p.limits() + " " + p.requirements()).toList());
                        System.out.println("NODES " + input.nodes().size() + " DS " + input.daemonSets().size());
                        input.pendingPods().forEach(p -> System.out.println("  " + p.name() + " " + p.requests() + " " + p.labels() + " sel=" + p.nodeSelector() + " spread=" + p.topologySpread().size() + " anti=" + p.podAntiAffinity().size()));
                        System.out.println("FFD " + ffd.nodeClaims().stream().map(c -> c.nodePool() + ":" + c.instanceTypes().get(0) + c.zones() + c.pods()).toList() + " nodes=" + ffd.nodePlacements() + " unsched=" + ffd.unschedulable());
                        System.out.println("COST " + cost.nodeClaims().stream().map(c -> c.nodePool() + ":" + c.instanceTypes().get(0) + c.zones() + c.pods()).toList() + " nodes=" + cost.nodePlacements() + " unsched=" + cost.unschedulable());
                    }
                }
                continue;
            }
            total += cost.hourlyCost();
            totalFfd += ffd.hourlyCost();
            if (cost.hourlyCost() < ffd.hourlyCost() - 1e-9) {
                better++;
            } else if (cost.hourlyCost() > ffd.hourlyCost() + 1e-9) {
                worse++;
                worst = Math.max(worst, cost.hourlyCost() / ffd.hourlyCost() - 1);
                boolean limited = input.nodePools().stream().anyMatch(p -> !p.limits().isEmpty());
                if (!limited && input.pendingPods().size() < 25) {
                    System.out.println("WORSE POOLS " + input.nodePools().stream().map(p -> p.name() + " w" + p.weight() + " " + p.limits() + " " + p.requirements()).toList());
                    System.out.println("NODES " + input.nodes().size() + " DS " + input.daemonSets().size());
                    input.pendingPods().forEach(p -> System.out.println("  " + p.name() + " " + p.requests() + " " + p.labels() + " sel=" + p.nodeSelector() + " spread=" + p.topologySpread().size() + " anti=" + p.podAntiAffinity().size()));
                    System.out.println("FFD " + ffd.hourlyCost() + " " + ffd.nodeClaims().stream().map(c -> c.nodePool() + ":" + c.instanceTypes().get(0) + "/" + c.capacityType() + "/" + c.hourlyPrice() + c.zones() + c.pods()).toList() + " nodes=" + ffd.nodePlacements());
                    System.out.println("COST " + cost.hourlyCost() + " " + cost.nodeClaims().stream().map(c -> c.nodePool() + ":" + c.instanceTypes().get(0) + "/" + c.capacityType() + "/" + c.hourlyPrice() + c.zones() + c.pods()).toList() + " nodes=" + cost.nodePlacements());
                }
            } else {
                equal++;
            }
        }
        System.out.printf("better %d, equal %d, worse %d (worst +%.1f%%), fewer pods %d; total %.3f vs ffd %.3f%n", better, equal, worse,
                worst * 100, fewer, total, totalFfd);
    }
}
