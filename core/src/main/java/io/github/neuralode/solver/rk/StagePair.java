package io.github.neuralode.solver.rk;

import io.github.neuralode.solver.tableau.ButcherTableau;

/**
 * Two extended stages of an explicit Runge-Kutta method evaluated at the same node, for
 * stiffness detection: their stage inputs differ by {@code h sum_m d_m k_m}.
 *
 * @param first the earlier extended stage
 * @param second the later extended stage
 * @param inputDifference {@code d}, over the extended stages: the second stage's input
 *     coefficients minus the first's
 */
record StagePair(int first, int second, double[] inputDifference) {

    /**
     * Finds the last two extended stages at the same node ({@code kEnd = f(t + h, y1)} counts as
     * an extended stage at node 1 with input coefficients {@code b}).
     *
     * @param tableau the method
     * @return the pair, or null when all nodes differ
     */
    static StagePair lastAtSameNode(ButcherTableau tableau) {
        int extended = tableau.extendedStages();
        double[] c = tableau.c();
        double[][] inputs = new double[extended][];
        double[] nodes = new double[extended];
        for (int i = 0; i < extended; i++) {
            double[] row = i < c.length ? (i == 0 ? new double[0] : tableau.a(i)) : tableau.b();
            inputs[i] = java.util.Arrays.copyOf(row, extended);
            nodes[i] = i < c.length ? c[i] : 1.0;
        }
        for (int j = extended - 1; j > 0; j--) {
            for (int i = j - 1; i >= 0; i--) {
                if (nodes[i] == nodes[j]) {
                    double[] difference = new double[extended];
                    for (int m = 0; m < extended; m++) {
                        difference[m] = inputs[j][m] - inputs[i][m];
                    }
                    return new StagePair(i, j, difference);
                }
            }
        }
        return null;
    }
}
