package dev.spotter.scheduling;

import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.cluster.Pod;
import dev.spotter.model.Resources;

import java.util.List;

/**
 * For harnesses: the aggregate LP lower bound min sum(price_t x_t) s.t. sum(x_t alloc_t) >= total requests, x >= 0,
 * solved through its 4-variable dual by enumerating the dual polytope's vertices.
 */
final class AggregateLpBound {
    private static final String[] RESOURCES = {Resources.CPU, Resources.MEMORY, Resources.NVIDIA_GPU, Resources.PODS};

    private AggregateLpBound() {
    }

    static double bound(List<Pod> pods, List<InstanceType> types) {
        double[] demand = new double[4];
        for (Pod pod : pods) {
            for (int r = 0; r < 3; r++) {
                demand[r] += pod.requests().get(RESOURCES[r]);
            }
            demand[3] += 1;
        }
        int n = types.size();
        double[][] a = new double[n + 4][4];
        double[] c = new double[n + 4];
        for (int t = 0; t < n; t++) {
            for (int r = 0; r < 4; r++) {
                a[t][r] = types.get(t).allocatable().get(RESOURCES[r]);
            }
            c[t] = types.get(t).offerings().stream().filter(Offering::available).mapToDouble(Offering::pricePerHour).min().orElse(1e9);
        }
        for (int r = 0; r < 4; r++) {
            a[n + r][r] = -1; // -y_r <= 0
        }
        double best = 0;
        int m = n + 4;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                for (int k = j + 1; k < m; k++) {
                    for (int l = k + 1; l < m; l++) {
                        double[] y = solve(new double[][] {a[i], a[j], a[k], a[l]}, new double[] {c[i], c[j], c[k], c[l]});
                        if (y == null || !feasible(a, c, y)) {
                            continue;
                        }
                        double value = 0;
                        for (int r = 0; r < 4; r++) {
                            value += demand[r] * y[r];
                        }
                        best = Math.max(best, value);
                    }
                }
            }
        }
        return best;
    }

    private static boolean feasible(double[][] a, double[] c, double[] y) {
        for (int i = 0; i < a.length; i++) {
            double lhs = 0;
            for (int r = 0; r < 4; r++) {
                lhs += a[i][r] * y[r];
            }
            if (lhs > c[i] + 1e-9 * Math.max(1, Math.abs(c[i]))) {
                return false;
            }
        }
        return true;
    }

    private static double[] solve(double[][] rows, double[] rhs) {
        int size = 4;
        double[][] m = new double[size][size + 1];
        for (int i = 0; i < size; i++) {
            System.arraycopy(rows[i], 0, m[i], 0, size);
            m[i][size] = rhs[i];
        }
        for (int col = 0; col < size; col++) {
            int pivot = col;
            for (int row = col + 1; row < size; row++) {
                if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
                    pivot = row;
                }
            }
            if (Math.abs(m[pivot][col]) < 1e-12) {
                return null;
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int row = 0; row < size; row++) {
                if (row != col) {
                    double f = m[row][col] / m[col][col];
                    for (int k = col; k <= size; k++) {
                        m[row][k] -= f * m[col][k];
                    }
                }
            }
        }
        double[] y = new double[size];
        for (int i = 0; i < size; i++) {
            y[i] = m[i][size] / m[i][i];
        }
        return y;
    }
}
