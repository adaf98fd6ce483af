package io.github.neuralode.solver.stiff;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.solver.step.Interpolant;
import io.github.neuralode.solver.step.StageColumns;
import io.github.neuralode.solver.step.StageCombiner;

import java.util.ArrayList;
import java.util.List;

/**
 * The dense output of one Rosenbrock step: {@code y(t + theta h) = y + sum_i w_i(theta) u_i} with
 * the method's own weights {@link RosenbrockTableau#denseWeights}, one combination per call
 * (fractions shared by every step group: {@link StageCombiner#combineSharedMany}; a fraction per
 * group: {@link StageCombiner#combine}). Valid while the step's stages and the combiner's
 * constants manager are open; recorded on the tape when the stages are.
 */
public final class RosenbrockInterpolant implements Interpolant {

    private final RosenbrockTableau tableau;
    private final StageColumns columns;
    private final StageCombiner combiner;
    private final int groups;

    RosenbrockInterpolant(
            RosenbrockTableau tableau, List<NDArray> columns, StageCombiner combiner, int groups) {
        this.tableau = tableau;
        this.columns = new StageColumns(columns);
        this.combiner = combiner;
        this.groups = groups;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray atFractions(double[] thetas) {
        List<double[]> combinations = new ArrayList<>(thetas.length);
        for (double theta : thetas) {
            double[] w = tableau.denseWeights(theta);
            double[] row = new double[w.length + 1];
            row[0] = 1.0;
            System.arraycopy(w, 0, row, 1, w.length);
            combinations.add(row);
        }
        return combiner.combineSharedMany(columns.list(), combinations);
    }

    /**
     * Evaluates the dense output of every step group at its own fraction.
     *
     * @param theta the fraction of the step for every step group (one value for a shared step,
     *     one per sample), each in [0, 1]
     * @return the state at {@code t_g + theta_g h_g}, {@code (batch, n)}
     */
    @Override
    public NDArray atGroupFractions(double[] theta) {
        if (theta.length != groups) {
            throw new IllegalArgumentException(
                    "need one theta per step group (" + groups + "), got " + theta.length);
        }
        double[][] rows = new double[groups][];
        for (int g = 0; g < groups; g++) {
            double[] w = tableau.denseWeights(theta[g]);
            rows[g] = new double[w.length + 1];
            rows[g][0] = 1.0;
            System.arraycopy(w, 0, rows[g], 1, w.length);
        }
        return combiner.combine(columns, rows);
    }
}
