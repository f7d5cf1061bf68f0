package dev.spotter.bench.lp;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SimplexSolverTest {
    private static final double EPS = 1e-7;
    private final SimplexSolver solver = new SimplexSolver();

    @Test
    void solve_whenTextbookMaximisation_findsVertexTwoSix() {
        // max 3x + 5y, x <= 4, 2y <= 12, 3x + 2y <= 18: optimum 36 at (2, 6)
        LinearProgram lp = LinearProgram.builder(2).minimize(-3, -5)
                .atMost(new double[] {1, 0}, 4)
                .atMost(new double[] {0, 2}, 12)
                .atMost(new double[] {3, 2}, 18)
                .build();

        LpResult result = solver.solve(lp);

        assertThat(result.status()).isEqualTo(LpResult.Status.OPTIMAL);
        assertThat(result.objective()).isCloseTo(-36, within(EPS));
        assertThat(result.x()).containsExactly(new double[] {2, 6}, within(EPS));
        assertThat(result.duals()).containsExactly(new double[] {0, -1.5, -1}, within(EPS));
    }

    @Test
    void solve_whenCoveringConstraints_returnsOptimumAndDuals() {
        // min x + y, x + 2y >= 4, 3x + y >= 6: optimum 2.8 at (1.6, 1.2), duals (0.4, 0.2)
        LinearProgram lp = LinearProgram.builder(2).minimize(1, 1)
                .atLeast(new double[] {1, 2}, 4)
                .atLeast(new double[] {3, 1}, 6)
                .build();

        LpResult result = solver.solve(lp);

        assertThat(result.objective()).isCloseTo(2.8, within(EPS));
        assertThat(result.x()).containsExactly(new double[] {1.6, 1.2}, within(EPS));
        assertThat(result.duals()).containsExactly(new double[] {0.4, 0.2}, within(EPS));
    }

    @Test
    void solve_whenEqualityAndMixedRows_findsSeventeen() {
        // min 2x + 3y + z, x + y + z = 10, x - y >= 2, z <= 3: z = 3, x = 7, y = 0
        LinearProgram lp = LinearProgram.builder(3).minimize(2, 3, 1)
                .equalTo(new double[] {1, 1, 1}, 10)
                .atLeast(new double[] {1, -1, 0}, 2)
                .atMost(new double[] {0, 0, 1}, 3)
                .build();

        LpResult result = solver.solve(lp);

        assertThat(result.objective()).isCloseTo(17, within(EPS));
        assertThat(result.x()).containsExactly(new double[] {7, 0, 3}, within(EPS));
        assertThat(dot(result.duals(), new double[] {10, 2, 3})).isCloseTo(17, within(EPS));
    }

    @Test
    void solve_whenNegativeRightHandSide_flipsRowAndKeepsDualSign() {
        // -x - y <= -2 is x + y >= 2; min x + 2y = 2 at (2, 0); the <= row's dual is -1
        LinearProgram lp = LinearProgram.builder(2).minimize(1, 2)
                .atMost(new double[] {-1, -1}, -2)
                .build();

        LpResult result = solver.solve(lp);

        assertThat(result.objective()).isCloseTo(2, within(EPS));
        assertThat(result.duals()).containsExactly(new double[] {-1}, within(EPS));
    }

    @Test
    void solve_whenBealeCyclingExample_terminatesAtOptimum() {
        // Beale (1955): cycles under Dantzig's rule with naive tie-breaking; optimum -1.25
        LinearProgram lp = LinearProgram.builder(4).minimize(-0.75, 20, -0.5, 6)
                .atMost(new double[] {0.25, -8, -1, 9}, 0)
                .atMost(new double[] {0.5, -12, -0.5, 3}, 0)
                .atMost(new double[] {0, 0, 1, 0}, 1)
                .build();

        LpResult result = solver.solve(lp);

        assertThat(result.status()).isEqualTo(LpResult.Status.OPTIMAL);
        assertThat(result.objective()).isCloseTo(-1.25, within(EPS));
    }

    @Test
    void solve_whenRedundantEqualities_stillOptimal() {
        LinearProgram lp = LinearProgram.builder(2).minimize(1, 2)
                .equalTo(new double[] {1, 1}, 2)
                .equalTo(new double[] {2, 2}, 4)
                .build();

        LpResult result = solver.solve(lp);

        assertThat(result.status()).isEqualTo(LpResult.Status.OPTIMAL);
        assertThat(result.objective()).isCloseTo(2, within(EPS));
    }

    @Test
    void solve_whenConstraintsContradict_reportsInfeasible() {
        LinearProgram lp = LinearProgram.builder(2).minimize(1, 1)
                .atMost(new double[] {1, 1}, 1)
                .atLeast(new double[] {1, 1}, 2)
                .build();

        assertThat(solver.solve(lp).status()).isEqualTo(LpResult.Status.INFEASIBLE);
    }

    @Test
    void solve_whenObjectiveFallsForever_reportsUnbounded() {
        LinearProgram lp = LinearProgram.builder(2).minimize(-1, 0)
                .atMost(new double[] {1, -1}, 1)
                .build();

        assertThat(solver.solve(lp).status()).isEqualTo(LpResult.Status.UNBOUNDED);
    }

    @Test
    void solve_whenNoConstraints_zeroIsOptimal() {
        LpResult result = solver.solve(LinearProgram.builder(3).minimize(1, 2, 3).build());

        assertThat(result.objective()).isZero();
        assertThat(result.x()).containsExactly(0, 0, 0);
    }

    /**
     * On random covering programs (A >= 0, b >= 0, c > 0), the returned x must be primal feasible, the duals dual
     * feasible, and the two objectives equal: together that proves both optimal, whatever path the solver took.
     */
    @Property(tries = 200)
    void solve_whenRandomCoveringProgram_primalAndDualAgree(@ForAll @IntRange(min = 1, max = 12) int rows,
                                                            @ForAll @IntRange(min = 1, max = 30) int columns,
                                                            @ForAll long seed) {
        Random random = new Random(seed);
        double[][] a = new double[rows][columns];
        double[] b = new double[rows];
        double[] c = new double[columns];
        for (int j = 0; j < columns; j++) {
            c[j] = 0.05 + random.nextDouble() * 10;
        }
        LinearProgram.Builder builder = LinearProgram.builder(columns);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                // sparse, integral-ish rows like node capacities, with ties and zeros to provoke degeneracy
                a[i][j] = random.nextInt(3) == 0 ? 0 : random.nextInt(5) * Math.pow(2, random.nextInt(4));
            }
            a[i][random.nextInt(columns)] += 1;
            b[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(100);
            builder.atLeast(a[i], b[i]);
        }
        LpResult result = solver.solve(builder.minimize(c).build());

        assertThat(result.status()).isEqualTo(LpResult.Status.OPTIMAL);
        double[] x = result.x();
        double[] y = result.duals();
        double scale = 1 + Math.abs(result.objective());
        for (int i = 0; i < rows; i++) {
            assertThat(dot(a[i], x)).isGreaterThanOrEqualTo(b[i] - 1e-6 * (1 + b[i]));
            assertThat(y[i]).isGreaterThanOrEqualTo(-1e-9);
        }
        for (int j = 0; j < columns; j++) {
            double reduced = c[j];
            for (int i = 0; i < rows; i++) {
                reduced -= y[i] * a[i][j];
            }
            assertThat(reduced).isGreaterThanOrEqualTo(-1e-7 * scale);
        }
        assertThat(dot(y, b)).isCloseTo(result.objective(), within(1e-7 * scale));
        assertThat(result.objective()).isCloseTo(dot(c, x), within(1e-9 * scale));
    }

    @Property(tries = 100)
    void solve_whenRandomMixedProgram_neverReturnsInfeasiblePointAsOptimal(@ForAll long seed) {
        Random random = new Random(seed);
        int columns = 2 + random.nextInt(6);
        LinearProgram.Builder builder = LinearProgram.builder(columns);
        double[] c = new double[columns];
        for (int j = 0; j < columns; j++) {
            c[j] = random.nextDouble() * 4 - 1;
        }
        builder.minimize(c);
        double[] box = new double[columns];
        java.util.Arrays.fill(box, 1);
        builder.atMost(box, 10); // keeps the feasible set bounded
        List<Relation> relations = List.of(Relation.values());
        int rows = 1 + random.nextInt(6);
        double[][] a = new double[rows][];
        double[] b = new double[rows];
        Relation[] rel = new Relation[rows];
        for (int i = 0; i < rows; i++) {
            a[i] = new double[columns];
            for (int j = 0; j < columns; j++) {
                a[i][j] = random.nextInt(7) - 3;
            }
            b[i] = random.nextInt(11) - 5;
            rel[i] = relations.get(random.nextInt(relations.size()));
            builder.constraint(a[i], rel[i], b[i]);
        }
        LpResult result = solver.solve(builder.build());

        assertThat(result.status()).isNotEqualTo(LpResult.Status.UNBOUNDED);
        if (result.isOptimal()) {
            double[] x = result.x();
            for (int i = 0; i < rows; i++) {
                double lhs = dot(a[i], x);
                switch (rel[i]) {
                    case LESS_OR_EQUAL -> assertThat(lhs).isLessThanOrEqualTo(b[i] + 1e-6);
                    case GREATER_OR_EQUAL -> assertThat(lhs).isGreaterThanOrEqualTo(b[i] - 1e-6);
                    case EQUAL -> assertThat(lhs).isCloseTo(b[i], within(1e-6));
                }
            }
            assertThat(dot(x, box)).isLessThanOrEqualTo(10 + 1e-6);
            double[] allB = new double[rows + 1];
            allB[0] = 10;
            System.arraycopy(b, 0, allB, 1, rows);
            assertThat(dot(result.duals(), allB)).isCloseTo(result.objective(), within(1e-6 * (1 + Math.abs(result.objective()))));
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
