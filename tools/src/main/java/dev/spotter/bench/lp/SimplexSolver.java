package dev.spotter.bench.lp;

import java.util.List;

/**
 * A dense two-phase primal simplex. Phase 1 minimises the sum of artificial variables to find a feasible basis,
 * phase 2 the real objective. Entering columns follow Dantzig's rule (most negative reduced cost) and fall back to
 * Bland's rule after a run of degenerate pivots, which rules out cycling. Meant for the small programs of the
 * benchmark's lower bound (hundreds of rows, a few thousand columns), not for large sparse models.
 */
public final class SimplexSolver {
    static final double PIVOT_TOLERANCE = 1e-9;
    static final double OPTIMALITY_TOLERANCE = 1e-9;
    static final double FEASIBILITY_TOLERANCE = 1e-7;

    public LpResult solve(LinearProgram program) {
        return new Tableau(program).solve();
    }

    /** The working state of one solve: rows are constraints, the reduced-cost row is kept apart. */
    private static final class Tableau {
        private final LinearProgram program;
        private final int rows;
        private final int structural;
        private final int columns;
        private final double[][] table;
        private final double[] reducedCosts;
        private final int[] basis;
        private final int[] initialColumn;
        private final double[] rowSign;
        private final boolean[] artificial;
        private final int maxPivots;
        private int pivots;
        private int degenerateRun;

        Tableau(LinearProgram program) {
            this.program = program;
            List<LinearProgram.Constraint> constraints = program.constraints();
            this.rows = constraints.size();
            this.structural = program.variables();
            int slacks = 0;
            int artificials = 0;
            for (LinearProgram.Constraint constraint : constraints) {
                Relation relation = normalised(constraint);
                slacks += relation == Relation.EQUAL ? 0 : 1;
                artificials += relation == Relation.LESS_OR_EQUAL ? 0 : 1;
            }
            this.columns = structural + slacks + artificials;
            this.table = new double[rows][columns + 1];
            this.reducedCosts = new double[columns + 1];
            this.basis = new int[rows];
            this.initialColumn = new int[rows];
            this.rowSign = new double[rows];
            this.artificial = new boolean[columns];
            this.maxPivots = 50 * (rows + columns) + 1000;
            fill(constraints);
        }

        /** The relation once the row is multiplied by -1 where needed to make its right-hand side non-negative. */
        private static Relation normalised(LinearProgram.Constraint constraint) {
            return constraint.rhs() < 0 ? constraint.relation().flipped() : constraint.relation();
        }

        private void fill(List<LinearProgram.Constraint> constraints) {
            int nextSlack = structural;
            int nextArtificial = columns - (int) constraints.stream().filter(c -> normalised(c) != Relation.LESS_OR_EQUAL).count();
            for (int i = 0; i < rows; i++) {
                LinearProgram.Constraint constraint = constraints.get(i);
                double sign = constraint.rhs() < 0 ? -1 : 1;
                rowSign[i] = sign;
                double[] row = table[i];
                for (int j = 0; j < structural; j++) {
                    row[j] = sign * constraint.coefficient(j);
                }
                row[columns] = sign * constraint.rhs();
                Relation relation = normalised(constraint);
                if (relation == Relation.LESS_OR_EQUAL) {
                    row[nextSlack] = 1;
                    basis[i] = nextSlack++;
                } else {
                    if (relation == Relation.GREATER_OR_EQUAL) {
                        row[nextSlack++] = -1;
                    }
                    row[nextArtificial] = 1;
                    artificial[nextArtificial] = true;
                    basis[i] = nextArtificial++;
                }
                initialColumn[i] = basis[i];
            }
        }

        LpResult solve() {
            double[] phaseOneCost = new double[columns];
            for (int j = 0; j < columns; j++) {
                phaseOneCost[j] = artificial[j] ? 1 : 0;
            }
            priceOut(phaseOneCost);
            iterate(true);
            double infeasibility = -reducedCosts[columns];
            if (infeasibility > FEASIBILITY_TOLERANCE * Math.max(1, largestRhs())) {
                return result(LpResult.Status.INFEASIBLE);
            }
            driveOutArtificials();
            double[] phaseTwoCost = new double[columns];
            for (int j = 0; j < structural; j++) {
                phaseTwoCost[j] = program.objective(j);
            }
            priceOut(phaseTwoCost);
            if (!iterate(false)) {
                return result(LpResult.Status.UNBOUNDED);
            }
            return result(LpResult.Status.OPTIMAL);
        }

        private double largestRhs() {
            double largest = 0;
            for (double[] row : table) {
                largest = Math.max(largest, Math.abs(row[columns]));
            }
            return largest;
        }

        /** Sets the reduced-cost row to {@code cost - cost_B B^-1 A} for the current basis. */
        private void priceOut(double[] cost) {
            System.arraycopy(cost, 0, reducedCosts, 0, columns);
            reducedCosts[columns] = 0;
            for (int i = 0; i < rows; i++) {
                double basic = cost[basis[i]];
                if (basic != 0) {
                    double[] row = table[i];
                    for (int j = 0; j <= columns; j++) {
                        reducedCosts[j] -= basic * row[j];
                    }
                }
            }
        }

        /** Pivots until optimal; false when the objective is unbounded below. */
        private boolean iterate(boolean phaseOne) {
            while (true) {
                boolean bland = degenerateRun > rows;
                int entering = entering(phaseOne, bland);
                if (entering < 0) {
                    return true;
                }
                int leaving = leaving(entering, bland);
                if (leaving < 0) {
                    return false;
                }
                pivot(leaving, entering);
            }
        }

        private int entering(boolean phaseOne, boolean bland) {
            int best = -1;
            double mostNegative = -OPTIMALITY_TOLERANCE;
            for (int j = 0; j < columns; j++) {
                if (!phaseOne && artificial[j]) {
                    continue;
                }
                if (reducedCosts[j] < mostNegative) {
                    best = j;
                    if (bland) {
                        return best;
                    }
                    mostNegative = reducedCosts[j];
                }
            }
            return best;
        }

        /** The minimum-ratio row; ties go to the largest pivot element (stability), or the lowest basic column under Bland. */
        private int leaving(int entering, boolean bland) {
            int best = -1;
            double bestRatio = Double.POSITIVE_INFINITY;
            for (int i = 0; i < rows; i++) {
                double element = table[i][entering];
                if (element <= PIVOT_TOLERANCE) {
                    continue;
                }
                double ratio = Math.max(0, table[i][columns]) / element;
                if (best < 0 || ratio < bestRatio - 1e-12) {
                    best = i;
                    bestRatio = ratio;
                } else if (ratio <= bestRatio + 1e-12 && prefer(i, best, entering, bland)) {
                    best = i;
                    bestRatio = Math.min(ratio, bestRatio);
                }
            }
            return best;
        }

        private boolean prefer(int candidate, int incumbent, int entering, boolean bland) {
            if (bland) {
                return basis[candidate] < basis[incumbent];
            }
            return table[candidate][entering] > table[incumbent][entering];
        }

        private void pivot(int pivotRow, int entering) {
            if (++pivots > maxPivots) {
                throw new IllegalStateException("simplex did not converge after " + maxPivots + " pivots");
            }
            double[] row = table[pivotRow];
            degenerateRun = row[columns] <= 1e-12 ? degenerateRun + 1 : 0;
            double element = row[entering];
            for (int j = 0; j <= columns; j++) {
                row[j] /= element;
            }
            row[entering] = 1;
            for (int i = 0; i < rows; i++) {
                if (i != pivotRow) {
                    eliminate(table[i], row, entering);
                }
            }
            eliminate(reducedCosts, row, entering);
            basis[pivotRow] = entering;
        }

        private void eliminate(double[] target, double[] pivotRow, int entering) {
            double factor = target[entering];
            if (factor == 0) {
                return;
            }
            for (int j = 0; j <= columns; j++) {
                target[j] -= factor * pivotRow[j];
            }
            target[entering] = 0;
            if (target != reducedCosts && target[columns] < 0 && target[columns] > -FEASIBILITY_TOLERANCE) {
                target[columns] = 0;
            }
        }

        /** After phase 1, swaps artificial variables still basic (at zero) for real ones; rows with none left are redundant. */
        private void driveOutArtificials() {
            for (int i = 0; i < rows; i++) {
                if (!artificial[basis[i]]) {
                    continue;
                }
                int best = -1;
                for (int j = 0; j < columns; j++) {
                    if (!artificial[j] && Math.abs(table[i][j]) > PIVOT_TOLERANCE
                            && (best < 0 || Math.abs(table[i][j]) > Math.abs(table[i][best]))) {
                        best = j;
                    }
                }
                if (best >= 0) {
                    pivot(i, best);
                }
            }
        }

        private LpResult result(LpResult.Status status) {
            double[] x = new double[structural];
            double[] duals = new double[rows];
            double objective = Double.NaN;
            if (status == LpResult.Status.OPTIMAL) {
                for (int i = 0; i < rows; i++) {
                    if (basis[i] < structural) {
                        x[basis[i]] = Math.max(0, table[i][columns]);
                    }
                }
                objective = 0;
                for (int j = 0; j < structural; j++) {
                    objective += program.objective(j) * x[j];
                }
                for (int i = 0; i < rows; i++) {
                    // the initial basic column of row i is e_i with cost 0, so its reduced cost is -y_i
                    duals[i] = rowSign[i] * -reducedCosts[initialColumn[i]];
                }
            }
            return new LpResult(status, objective, x, duals, pivots);
        }
    }
}
