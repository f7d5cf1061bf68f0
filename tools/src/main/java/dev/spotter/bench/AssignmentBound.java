package dev.spotter.bench;

import dev.spotter.bench.lp.LinearProgram;
import dev.spotter.bench.lp.LpResult;
import dev.spotter.bench.lp.SimplexSolver;
import dev.spotter.model.Resources;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * A tighter certified bound than the per-group covering rows: the LP where each pod class (pods with equal requests
 * and usable shapes) is split over shapes and every shape's nodes hold the whole request vectors of the pods put on
 * them (so a GPU pod cannot take its GPU from one node and its CPU from another). Solved by column generation on the
 * configuration form: a column is a fractional filling of one node of shape {@code s} (a vertex of its
 * multi-resource knapsack), priced {@code c_s}; the master covers each class's pod count.
 *
 * <p>The bound is certified through Lagrangian duality rather than taken from the master: for any class prices
 * {@code u >= 0} and any plan, {@code sum_k n_k u_k <= sum_s V_s(u) x_s}, where {@code V_s(u)} is the most value one
 * node of shape {@code s} can hold. An upper bound on each {@code V_s} comes from a dual-feasible point of its knapsack
 * LP (repaired to exact feasibility through the always-present pod-slot row), and scaling {@code u} by
 * {@code min_s c_s / V_s} makes {@code sum_k n_k u_k} a lower bound on any plan's cost. That holds at every round, so
 * the search may stop early (round or time budget) and still return a valid, if looser, bound.
 */
final class AssignmentBound {
    private static final int COLUMNS_PER_ROUND = 40;
    private static final double SAFETY = 1 - 1e-9;

    /** A class of identical pods: requests (with one pod slot), usable shapes, how many. */
    record PodClass(Resources requests, BitSet usable, int count) {
    }

    /** The certified bound; {@code converged} when no column priced out, so the value is the LP optimum. */
    record Result(double value, int rounds, int columns, boolean converged) {
    }

    private final List<CostLowerBound.NodeShape> shapes;
    private final List<PodClass> classes;
    private final String[] resources;
    private final List<List<Integer>> classesOnShape = new ArrayList<>();
    private final List<Column> columns = new ArrayList<>();
    private final SimplexSolver solver = new SimplexSolver();

    /** A filling of one node of {@code shape}: {@code amounts[k]} pods of class k (fractional). */
    private record Column(int shape, double[] amounts) {
    }

    private AssignmentBound(List<CostLowerBound.NodeShape> shapes, List<PodClass> classes) {
        this.shapes = shapes;
        this.classes = classes;
        TreeSet<String> names = new TreeSet<>();
        names.add(Resources.PODS);
        classes.forEach(c -> names.addAll(c.requests().names()));
        this.resources = names.toArray(String[]::new);
        for (int s = 0; s < shapes.size(); s++) {
            classesOnShape.add(new ArrayList<>());
        }
        for (int k = 0; k < classes.size(); k++) {
            BitSet usable = classes.get(k).usable();
            for (int s = usable.nextSetBit(0); s >= 0; s = usable.nextSetBit(s + 1)) {
                classesOnShape.get(s).add(k);
            }
        }
    }

    static Result compute(List<CostLowerBound.NodeShape> shapes, List<PodClass> classes, int maxRounds, long budgetNanos) {
        if (classes.isEmpty()) {
            return new Result(0, 0, 0, true);
        }
        return new AssignmentBound(shapes, classes).solve(maxRounds, System.nanoTime() + budgetNanos);
    }

    private Result solve(int maxRounds, long deadline) {
        seedColumns();
        double best = 0;
        int round = 0;
        while (true) {
            round++;
            double[] prices = masterPrices();
            Pricing pricing = price(prices);
            best = Math.max(best, pricing.certifiedBound);
            if (pricing.improving.isEmpty()) {
                return new Result(best, round, columns.size(), true);
            }
            if (round >= maxRounds || System.nanoTime() > deadline) {
                return new Result(best, round, columns.size(), false);
            }
            columns.addAll(pricing.improving);
        }
    }

    /** For each class, its cheapest single-class filling: a feasible start for the master. */
    private void seedColumns() {
        for (int k = 0; k < classes.size(); k++) {
            BitSet usable = classes.get(k).usable();
            int bestShape = -1;
            double bestFill = 0;
            double bestUnitCost = Double.POSITIVE_INFINITY;
            for (int s = usable.nextSetBit(0); s >= 0; s = usable.nextSetBit(s + 1)) {
                double fill = capacityFor(k, s);
                double unitCost = shapes.get(s).hourlyPrice() / fill;
                if (unitCost < bestUnitCost) {
                    bestUnitCost = unitCost;
                    bestShape = s;
                    bestFill = fill;
                }
            }
            double[] amounts = new double[classes.size()];
            amounts[k] = bestFill;
            columns.add(new Column(bestShape, amounts));
        }
    }

    /** How many pods of class k one node of shape s holds, fractionally. */
    private double capacityFor(int k, int s) {
        double fill = Double.POSITIVE_INFINITY;
        Resources allocatable = shapes.get(s).allocatable();
        for (String resource : resources) {
            long need = need(k, resource);
            if (need > 0) {
                fill = Math.min(fill, (double) allocatable.get(resource) / need);
            }
        }
        return fill;
    }

    private long need(int k, String resource) {
        Resources requests = classes.get(k).requests();
        return resource.equals(Resources.PODS) ? Math.max(1, requests.get(Resources.PODS)) : requests.get(resource);
    }

    /** Solves the master (cover every class's count with columns at least cost) and returns the class prices u_k. */
    private double[] masterPrices() {
        LinearProgram.Builder master = LinearProgram.builder(columns.size());
        double[] cost = new double[columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            cost[j] = shapes.get(columns.get(j).shape()).hourlyPrice();
        }
        master.minimize(cost);
        for (int k = 0; k < classes.size(); k++) {
            double[] row = new double[columns.size()];
            double count = classes.get(k).count();
            for (int j = 0; j < columns.size(); j++) {
                row[j] = columns.get(j).amounts()[k] / count;
            }
            master.atLeast(row, 1);
        }
        LpResult result = solver.solve(master.build());
        if (!result.isOptimal()) {
            throw new IllegalStateException("assignment master LP is " + result.status() + ", which its seed columns rule out");
        }
        double[] duals = result.duals();
        double[] prices = new double[classes.size()];
        for (int k = 0; k < prices.length; k++) {
            prices[k] = Math.max(0, duals[k]) / classes.get(k).count();
        }
        return prices;
    }

    private record Pricing(double certifiedBound, List<Column> improving) {
    }

    /**
     * For every shape, the most valuable node filling at prices u (a small LP) and a certified upper bound on that
     * value; fillings worth more than the node's price become new columns, and the bound follows from the scaling.
     */
    private Pricing price(double[] prices) {
        double scale = 1;
        List<double[]> candidates = new ArrayList<>();
        List<Column> found = new ArrayList<>();
        for (int s = 0; s < shapes.size(); s++) {
            List<Integer> usable = classesOnShape.get(s);
            if (usable.isEmpty()) {
                continue;
            }
            Knapsack knapsack = knapsack(s, usable, prices);
            double price = shapes.get(s).hourlyPrice();
            if (knapsack.valueUpperBound > price) {
                scale = Math.min(scale, price / knapsack.valueUpperBound);
            }
            if (knapsack.value > price * (1 + 1e-9) && knapsack.filling != null) {
                found.add(new Column(s, knapsack.filling));
                candidates.add(new double[] {knapsack.value - price, found.size() - 1});
            }
        }
        double total = 0;
        for (int k = 0; k < classes.size(); k++) {
            total += classes.get(k).count() * prices[k];
        }
        candidates.sort(Comparator.comparingDouble((double[] c) -> -c[0]));
        List<Column> improving = new ArrayList<>();
        for (int i = 0; i < Math.min(COLUMNS_PER_ROUND, candidates.size()); i++) {
            improving.add(found.get((int) candidates.get(i)[1]));
        }
        return new Pricing(Math.max(0, total * scale * SAFETY), improving);
    }

    private record Knapsack(double value, double valueUpperBound, double[] filling) {
    }

    /**
     * max sum u_k z_k subject to sum_k req_{k,r} z_k <= alloc_{s,r} for every resource, z >= 0, with rows scaled to a
     * right-hand side of 1. The upper bound is the value of the LP's dual point, repaired to exact feasibility.
     */
    private Knapsack knapsack(int s, List<Integer> usable, double[] prices) {
        Resources allocatable = shapes.get(s).allocatable();
        List<double[]> rows = new ArrayList<>();
        int podsRow = -1;
        for (String resource : resources) {
            long capacity = allocatable.get(resource);
            double[] row = new double[usable.size()];
            boolean used = false;
            for (int i = 0; i < usable.size(); i++) {
                long need = need(usable.get(i), resource);
                if (need > 0) {
                    row[i] = (double) need / capacity;
                    used = true;
                }
            }
            if (used) {
                if (resource.equals(Resources.PODS)) {
                    podsRow = rows.size();
                }
                rows.add(row);
            }
        }
        double[] objective = new double[usable.size()];
        boolean anyValue = false;
        for (int i = 0; i < usable.size(); i++) {
            objective[i] = -prices[usable.get(i)];
            anyValue |= prices[usable.get(i)] > 0;
        }
        if (!anyValue) {
            return new Knapsack(0, 0, null);
        }
        LinearProgram.Builder lp = LinearProgram.builder(usable.size()).minimize(objective);
        rows.forEach(row -> lp.atMost(row, 1));
        LpResult result = solver.solve(lp.build());
        double[] dual = new double[rows.size()];
        double value = 0;
        double[] filling = null;
        if (result.isOptimal()) {
            double[] duals = result.duals();
            for (int r = 0; r < dual.length; r++) {
                dual[r] = Math.max(0, -duals[r]);
            }
            value = -result.objective();
            double[] z = result.x();
            filling = new double[classes.size()];
            for (int i = 0; i < z.length; i++) {
                filling[usable.get(i)] = z[i];
            }
        }
        // repair: every class must be priced by the dual at least at u_k; the pod-slot row reaches every class
        double raise = 0;
        for (int i = 0; i < usable.size(); i++) {
            double covered = 0;
            for (int r = 0; r < rows.size(); r++) {
                covered += dual[r] * rows.get(r)[i];
            }
            double deficit = prices[usable.get(i)] - covered;
            if (deficit > 0) {
                raise = Math.max(raise, deficit / rows.get(podsRow)[i]);
            }
        }
        dual[podsRow] += raise;
        double upper = 0;
        for (double d : dual) {
            upper += d;
        }
        return new Knapsack(value, upper * (1 + 1e-9), filling);
    }
}
