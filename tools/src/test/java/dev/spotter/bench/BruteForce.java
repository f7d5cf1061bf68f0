package dev.spotter.bench;

import dev.spotter.model.Resources;

import java.util.ArrayList;
import java.util.List;

/** The exact cheapest packing of a few pods, by trying every partition of them into nodes. Test use only. */
final class BruteForce {
    private BruteForce() {
    }

    static double cheapestPacking(List<CostLowerBound.NodeShape> shapes, List<CostLowerBound.Demand> pods) {
        return partitions(shapes, pods, 0, new ArrayList<>());
    }

    private static double partitions(List<CostLowerBound.NodeShape> shapes, List<CostLowerBound.Demand> pods, int next,
                                     List<List<CostLowerBound.Demand>> blocks) {
        if (next == pods.size()) {
            double total = 0;
            for (List<CostLowerBound.Demand> block : blocks) {
                total += cheapestNode(shapes, block);
            }
            return total;
        }
        double best = Double.POSITIVE_INFINITY;
        CostLowerBound.Demand pod = pods.get(next);
        int existing = blocks.size();
        for (int b = 0; b < existing; b++) {
            List<CostLowerBound.Demand> block = blocks.get(b);
            block.add(pod);
            best = Math.min(best, partitions(shapes, pods, next + 1, blocks));
            block.remove(block.size() - 1);
        }
        List<CostLowerBound.Demand> alone = new ArrayList<>(List.of(pod));
        blocks.add(alone);
        best = Math.min(best, partitions(shapes, pods, next + 1, blocks));
        blocks.remove(blocks.size() - 1);
        return best;
    }

    /** The cheapest shape every pod of the block may use and that holds them all; infinity if none. */
    private static double cheapestNode(List<CostLowerBound.NodeShape> shapes, List<CostLowerBound.Demand> block) {
        double best = Double.POSITIVE_INFINITY;
        for (int s = 0; s < shapes.size(); s++) {
            Resources sum = Resources.builder().pods(block.size()).build();
            boolean usable = true;
            for (CostLowerBound.Demand pod : block) {
                usable &= pod.usableShapes().get(s);
                sum = sum.plus(pod.requests());
            }
            if (usable && sum.fitsIn(shapes.get(s).allocatable())) {
                best = Math.min(best, shapes.get(s).hourlyPrice());
            }
        }
        return best;
    }
}
