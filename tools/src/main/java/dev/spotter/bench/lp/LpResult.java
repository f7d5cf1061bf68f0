package dev.spotter.bench.lp;

/**
 * The outcome of solving a {@link LinearProgram}. For {@link Status#OPTIMAL}, {@code x} is a primal solution and
 * {@code duals} one multiplier per constraint, in the sign convention of a minimisation (>= rows: dual >= 0,
 * <= rows: dual <= 0, = rows: free), so that {@code duals·b} equals the objective when both are exact.
 */
public record LpResult(Status status, double objective, double[] x, double[] duals, int pivots) {
    public enum Status { OPTIMAL, INFEASIBLE, UNBOUNDED }

    public LpResult {
        x = x.clone();
        duals = duals.clone();
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] duals() {
        return duals.clone();
    }

    public boolean isOptimal() {
        return status == Status.OPTIMAL;
    }
}
