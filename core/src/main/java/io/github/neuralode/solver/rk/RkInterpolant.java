package io.github.neuralode.solver.rk;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.solver.step.Interpolant;
import io.github.neuralode.solver.step.StageColumns;
import io.github.neuralode.solver.step.StageCombiner;
import io.github.neuralode.solver.tableau.ButcherTableau;

import java.util.ArrayList;
import java.util.List;

/**
 * Dense output of an explicit Runge-Kutta step: {@code y(t + theta h) = y + h sum_i w_i(theta)
 * k_i} over the extended stages, with the tableau's weights {@link ButcherTableau#denseWeights}
 * (the method's own continuous extension, or cubic Hermite), formed by the step's {@link
 * StageCombiner} from the columns {@code [y, k_0, ..., k_(E-1)]} and Java-made coefficients; all
 * the fractions of a shared step come from a single product.
 */
final class RkInterpolant implements Interpolant {

    private final ButcherTableau tableau;
    private final StageColumns columns;
    private final double[] h;
    private final StageCombiner combiner;

    /**
     * Creates the interpolant of one step.
     *
     * @param tableau the method
     * @param columns {@code [y, k_0, ..., k_(E-1)]}, each {@code (batch, n)}, or null when neither
     *     dense output nor an error estimate kept them
     * @param h the signed step of every group
     * @param combiner the attempt's combiner
     */
    RkInterpolant(ButcherTableau tableau, StageColumns columns, double[] h, StageCombiner combiner) {
        this.tableau = tableau;
        this.columns = columns;
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
        return combiner.combineSharedMany(requireColumns(), combinations);
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
        return combiner.combine(requireStageColumns(), rows);
    }

    /**
     * Returns whether the step kept its stages (dense output or an error estimate asked for them).
     *
     * @return {@code true} when {@link #requireColumns()} succeeds
     */
    boolean hasStages() {
        return columns != null;
    }

    /**
     * Returns the step's columns {@code [y, k_0, ..., k_(E-1)]}.
     *
     * @return {@code E + 1} arrays of shape {@code (batch, n)}
     * @throws IllegalStateException if the step kept no stages
     */
    List<NDArray> requireColumns() {
        return requireStageColumns().list();
    }

    private StageColumns requireStageColumns() {
        if (columns == null) {
            throw new IllegalStateException(
                    "dense output of a " + tableau.name() + " step that was taken without it");
        }
        return columns;
    }

    /**
     * Returns the combiner of the step, whose constants live as long as the step.
     *
     * @return the combiner
     */
    StageCombiner combiner() {
        return combiner;
    }
}
