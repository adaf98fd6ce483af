package io.github.neuralode.solver.rk;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.solver.step.Interpolant;
import io.github.neuralode.solver.step.StageCombiner;
import io.github.neuralode.solver.tableau.ButcherTableau;

import java.util.ArrayList;
import java.util.List;

/**
 * Dense output of an explicit Runge-Kutta step: {@code y(t + theta h) = y + h sum_i w_i(theta)
 * k_i} over the extended stages, with the tableau's weights {@link ButcherTableau#denseWeights}
 * (the method's own continuous extension, or cubic Hermite). Each evaluation is one product of the
 * stacked stages {@code [y, k_0, ..., k_(E-1)]} with Java-made coefficients; all the fractions of a
 * shared step come from a single product.
 */
final class RkInterpolant implements Interpolant {

    private final ButcherTableau tableau;
    private final NDArray stages;
    private final double[] h;
    private final StageCombiner combiner;

    /**
     * Creates the interpolant of one step.
     *
     * @param tableau the method
     * @param stages {@code (batch, n, E + 1)}, or null when dense output was not requested
     * @param h the signed step of every group
     * @param combiner the attempt's combiner
     */
    RkInterpolant(ButcherTableau tableau, NDArray stages, double[] h, StageCombiner combiner) {
        this.tableau = tableau;
        this.stages = stages;
        this.h = h;
        this.combiner = combiner;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray atFractions(double[] thetas) {
        List<double[]> combinations = new ArrayList<>(thetas.length);
        for (double theta : thetas) {
            combinations.add(StageCombiner.rows(1, tableau.denseWeights(theta), h)[0]);
        }
        return combiner.combineMany(requireStages(), combinations);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray atGroupFractions(double[] thetas) {
        int width = tableau.extendedStages() + 1;
        double[][] rows = new double[h.length][width];
        for (int g = 0; g < h.length; g++) {
            rows[g][0] = 1.0;
            if (thetas[g] != 0.0) {
                double[] w = tableau.denseWeights(thetas[g]);
                for (int i = 0; i < w.length; i++) {
                    rows[g][i + 1] = h[g] * w[i];
                }
            }
        }
        return combiner.combine(requireStages(), rows);
    }

    /**
     * Returns whether the step kept its stages (dense output or an error estimate asked for them).
     *
     * @return {@code true} when {@link #requireStages()} succeeds
     */
    boolean hasStages() {
        return stages != null;
    }

    /**
     * Returns the stacked stages {@code [y, k_0, ..., k_(E-1)]}.
     *
     * @return {@code (batch, n, E + 1)}
     * @throws IllegalStateException if the step kept no stages
     */
    NDArray requireStages() {
        if (stages == null) {
            throw new IllegalStateException(
                    "dense output of a " + tableau.name() + " step that was taken without it");
        }
        return stages;
    }
}
