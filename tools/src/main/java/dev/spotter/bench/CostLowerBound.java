package dev.spotter.bench;

import dev.spotter.bench.lp.LinearProgram;
import dev.spotter.bench.lp.LpResult;
import dev.spotter.bench.lp.SimplexSolver;
import dev.spotter.model.Resources;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A certified lower bound on the hourly cost of any plan that places a set of pods, from an LP relaxation.
 *
 * <p>Variables: {@code x_s >= 0}, the number of nodes of shape {@code s} (an instance type as one NodePool launches
 * it, at its cheapest allowed offering). Pods are grouped by the set of shapes each could run on alone. For every such
 * set {@code S} and every resource {@code r}, the pods whose own set lies within {@code S} must run on nodes of shapes
 * in {@code S}, and those nodes hold at most their allocatable, so {@code sum_{s in S} alloc_{s,r} x_s >= sum of
 * those pods' requests of r}. Every feasible integer plan satisfies every row, so the LP optimum is at most any plan's
 * cost. The bound reported is not the solver's objective but {@code b·y} for the solver's duals {@code y}, clipped at
 * zero and scaled down until {@code A^T y <= c} holds exactly: by weak duality that value is a lower bound whatever
 * rounding the simplex suffered.
 */
public final class CostLowerBound {

    /** A node one could launch: its allocatable resources and the cheapest price it can be bought at. */
    public record NodeShape(String name, Resources allocatable, double hourlyPrice) {
        public NodeShape {
            if (!(hourlyPrice >= 0) || Double.isInfinite(hourlyPrice)) {
                throw new IllegalArgumentException("shape " + name + " needs a finite non-negative price, got " + hourlyPrice);
            }
        }
    }

    /** One pod: what it requests and the indices of the shapes it could run on (an empty set: it fits nowhere). */
    public record Demand(String pod, Resources requests, BitSet usableShapes) {
        public Demand {
            usableShapes = (BitSet) usableShapes.clone();
        }

        @Override
        public BitSet usableShapes() {
            return (BitSet) usableShapes.clone();
        }
    }

    /**
     * The bound and how it was found. {@code value} is the larger of the two certified bounds: {@code groupBound}
     * (the covering rows above; {@code lpObjective} is the simplex's own optimum of that LP, equal up to rounding) and
     * {@code assignmentBound} ({@link AssignmentBound}, {@code converged} when its column generation finished).
     * {@code podsCounted} excludes pods that fit no shape (no plan places those).
     */
    public record Result(double value, double groupBound, double lpObjective, double assignmentBound, boolean converged,
                         int podsCounted, int podsExcluded, int rows, int columns, int pivots) {
    }

    /** How long the column generation of the assignment bound may run before it settles for the bound it has. */
    public record Budget(int maxRounds, java.time.Duration time) {
        public static final Budget DEFAULT = new Budget(300, java.time.Duration.ofSeconds(30));
        public static final Budget GROUP_ONLY = new Budget(0, java.time.Duration.ZERO);
    }

    private static final String PODS = Resources.PODS;

    private CostLowerBound() {
    }

    public static Result compute(List<NodeShape> shapes, List<Demand> demands) {
        return compute(shapes, demands, Budget.DEFAULT);
    }

    public static Result compute(List<NodeShape> shapes, List<Demand> demands, Budget budget) {
        Map<BitSet, List<Demand>> groups = new LinkedHashMap<>();
        int excluded = 0;
        for (Demand demand : demands) {
            if (demand.usableShapes.isEmpty()) {
                excluded++;
            } else {
                groups.computeIfAbsent(demand.usableShapes, key -> new ArrayList<>()).add(demand);
            }
        }
        int counted = demands.size() - excluded;
        if (groups.isEmpty()) {
            return new Result(0, 0, 0, 0, true, 0, excluded, 0, shapes.size(), 0);
        }
        List<Row> rows = rows(groups);
        LinearProgram program = program(shapes, rows);
        LpResult solved = new SimplexSolver().solve(program);
        if (!solved.isOptimal()) {
            throw new IllegalStateException("lower-bound LP is " + solved.status() + ", which the construction rules out");
        }
        double certified = certify(program, solved.duals());
        AssignmentBound.Result assignment = budget.maxRounds() < 1
                ? new AssignmentBound.Result(0, 0, 0, false)
                : AssignmentBound.compute(shapes, classes(groups), budget.maxRounds(), budget.time().toNanos());
        return new Result(Math.max(certified, assignment.value()), certified, solved.objective(), assignment.value(),
                assignment.converged(), counted, excluded, rows.size(), shapes.size(), solved.pivots());
    }

    /** Pods with equal requests within each usable-shape group, counted. */
    private static List<AssignmentBound.PodClass> classes(Map<BitSet, List<Demand>> groups) {
        List<AssignmentBound.PodClass> classes = new ArrayList<>();
        groups.forEach((usable, pods) -> {
            Map<Resources, Integer> counts = new LinkedHashMap<>();
            pods.forEach(pod -> counts.merge(pod.requests, 1, Integer::sum));
            counts.forEach((requests, count) -> classes.add(new AssignmentBound.PodClass(requests, usable, count)));
        });
        return classes;
    }

    /** One covering row: shapes in {@code shapes} must together offer {@code demand} of {@code resource}. */
    private record Row(BitSet shapes, String resource, double demand) {
    }

    private static List<Row> rows(Map<BitSet, List<Demand>> groups) {
        BitSet everything = new BitSet();
        groups.keySet().forEach(everything::or);
        List<BitSet> anchors = new ArrayList<>(groups.keySet());
        if (!groups.containsKey(everything)) {
            anchors.add(everything);
        }
        List<Row> rows = new ArrayList<>();
        for (BitSet anchor : anchors) {
            TreeMap<String, Double> demand = new TreeMap<>();
            groups.forEach((usable, pods) -> {
                if (isSubset(usable, anchor)) {
                    for (Demand pod : pods) {
                        pod.requests.asMap().forEach((resource, amount) -> demand.merge(resource, (double) amount, Double::sum));
                        demand.merge(PODS, 1.0, Double::sum);
                    }
                }
            });
            demand.forEach((resource, amount) -> rows.add(new Row(anchor, resource, amount)));
        }
        return rows;
    }

    private static boolean isSubset(BitSet inner, BitSet outer) {
        BitSet rest = (BitSet) inner.clone();
        rest.andNot(outer);
        return rest.isEmpty();
    }

    /** Rows are scaled so their largest coefficient is 1: the feasible set is unchanged and the simplex better conditioned. */
    private static LinearProgram program(List<NodeShape> shapes, List<Row> rows) {
        int columns = shapes.size();
        LinearProgram.Builder builder = LinearProgram.builder(columns);
        double[] cost = new double[columns];
        for (int s = 0; s < columns; s++) {
            cost[s] = shapes.get(s).hourlyPrice();
        }
        builder.minimize(cost);
        for (Row row : rows) {
            double[] coefficients = new double[columns];
            double largest = 0;
            for (int s = row.shapes.nextSetBit(0); s >= 0; s = row.shapes.nextSetBit(s + 1)) {
                coefficients[s] = shapes.get(s).allocatable().get(row.resource);
                largest = Math.max(largest, coefficients[s]);
            }
            if (largest == 0) {
                throw new IllegalStateException("no shape offers " + row.resource + " although a pod that fits one asks for it");
            }
            for (int s = 0; s < columns; s++) {
                coefficients[s] /= largest;
            }
            builder.atLeast(coefficients, row.demand / largest);
        }
        return builder.build();
    }

    /**
     * Weak duality made exact: with y >= 0 and A^T y <= c, every x >= 0 with A x >= b costs c·x >= y·A x >= y·b.
     * The duals are clipped and scaled to satisfy that, then y·b is the bound.
     */
    static double certify(LinearProgram program, double[] duals) {
        List<LinearProgram.Constraint> constraints = program.constraints();
        double[] y = new double[duals.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(0, duals[i]);
        }
        double scale = 1;
        double[][] rows = new double[constraints.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = constraints.get(i).coefficients();
        }
        for (int s = 0; s < program.variables(); s++) {
            double used = 0;
            for (int i = 0; i < rows.length; i++) {
                used += y[i] * rows[i][s];
            }
            if (used > program.objective(s)) {
                scale = Math.min(scale, program.objective(s) / used);
            }
        }
        double bound = 0;
        for (int i = 0; i < rows.length; i++) {
            bound += y[i] * constraints.get(i).rhs();
        }
        // one ulp-scale margin so the floating-point sum cannot round above the exact value
        return Math.max(0, bound * scale * (1 - 1e-12));
    }
}
