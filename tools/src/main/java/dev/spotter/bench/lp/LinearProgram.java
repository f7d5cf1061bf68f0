package dev.spotter.bench.lp;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear program in the form: minimise {@code c·x} subject to {@code a_i·x (<=|>=|=) b_i} and {@code x >= 0}.
 * Built once with {@link #builder(int)}; immutable afterwards.
 */
public final class LinearProgram {
    private final int variables;
    private final double[] objective;
    private final List<Constraint> constraints;

    private LinearProgram(int variables, double[] objective, List<Constraint> constraints) {
        this.variables = variables;
        this.objective = objective;
        this.constraints = List.copyOf(constraints);
    }

    public static Builder builder(int variables) {
        return new Builder(variables);
    }

    public int variables() {
        return variables;
    }

    public double objective(int variable) {
        return objective[variable];
    }

    public List<Constraint> constraints() {
        return constraints;
    }

    /** One row: {@code coefficients·x relation rhs}. */
    public record Constraint(double[] coefficients, Relation relation, double rhs) {
        public Constraint {
            coefficients = coefficients.clone();
        }

        @Override
        public double[] coefficients() {
            return coefficients.clone();
        }

        double coefficient(int variable) {
            return coefficients[variable];
        }
    }

    public static final class Builder {
        private final int variables;
        private final double[] objective;
        private final List<Constraint> constraints = new ArrayList<>();

        private Builder(int variables) {
            if (variables < 1) {
                throw new IllegalArgumentException("a linear program needs at least one variable");
            }
            this.variables = variables;
            this.objective = new double[variables];
        }

        /** Sets the cost of each variable in the objective to minimise. */
        public Builder minimize(double... costs) {
            checkWidth(costs);
            System.arraycopy(costs, 0, objective, 0, variables);
            return this;
        }

        public Builder constraint(double[] coefficients, Relation relation, double rhs) {
            checkWidth(coefficients);
            if (!Double.isFinite(rhs)) {
                throw new IllegalArgumentException("right-hand side must be finite, got " + rhs);
            }
            constraints.add(new Constraint(coefficients, relation, rhs));
            return this;
        }

        public Builder atLeast(double[] coefficients, double rhs) {
            return constraint(coefficients, Relation.GREATER_OR_EQUAL, rhs);
        }

        public Builder atMost(double[] coefficients, double rhs) {
            return constraint(coefficients, Relation.LESS_OR_EQUAL, rhs);
        }

        public Builder equalTo(double[] coefficients, double rhs) {
            return constraint(coefficients, Relation.EQUAL, rhs);
        }

        public LinearProgram build() {
            return new LinearProgram(variables, objective.clone(), constraints);
        }

        private void checkWidth(double[] values) {
            if (values.length != variables) {
                throw new IllegalArgumentException("expected " + variables + " coefficients, got " + values.length);
            }
            for (double value : values) {
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("coefficients must be finite, got " + value);
                }
            }
        }
    }
}
