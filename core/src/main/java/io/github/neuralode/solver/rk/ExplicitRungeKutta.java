package io.github.neuralode.solver.rk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.tableau.ButcherTableau;

import java.util.ArrayList;
import java.util.List;

/**
 * The generic explicit Runge-Kutta stepper: runs any {@link ButcherTableau} on a flattened batch
 * {@code (batch, n)}.
 *
 * <p>Stage inputs are formed by a {@link StageCombiner}: {@code [y, k_0, ..., k_(i-1)]} stacked
 * and multiplied by {@code [1, h a_i0, ..., h a_i(i-1)]} (two operations and two autograd nodes
 * per stage, plus the vector field); a stage with a single non-zero coefficient costs one
 * multiply and one add instead. The error estimate and dense output reuse one stack of all
 * extended stages. Step sizes are Java doubles per step group (one for a shared step, one per
 * sample); a zero step leaves its sample where it is.
 */
public final class ExplicitRungeKutta {

    private final ButcherTableau tableau;
    private final double[][] rows;
    private final int[] singleIndex;
    private final double[] c;
    private final double[] b;
    private final double[] errorWeights;

    private ExplicitRungeKutta(ButcherTableau tableau) {
        this.tableau = tableau;
        int s = tableau.stages();
        this.c = tableau.c();
        this.b = tableau.b();
        this.errorWeights = tableau.isAdaptive() ? tableau.errorWeights() : null;
        this.rows = new double[s][];
        this.singleIndex = new int[s];
        for (int i = 1; i < s; i++) {
            rows[i] = tableau.a(i);
            singleIndex[i] = singleNonZero(rows[i]);
        }
    }

    /**
     * Prepares the stepper of a tableau.
     *
     * @param tableau the method
     * @return the stepper
     */
    public static ExplicitRungeKutta prepare(ButcherTableau tableau) {
        return new ExplicitRungeKutta(tableau);
    }

    private static int singleNonZero(double[] row) {
        int index = -1;
        for (int j = 0; j < row.length; j++) {
            if (row[j] != 0.0) {
                if (index >= 0) {
                    return -1;
                }
                index = j;
            }
        }
        return index;
    }

    /**
     * Creates a constant array of the given data type, owned by {@code manager}.
     *
     * @param manager the owner
     * @param values the values
     * @param shape their shape
     * @param dataType float32 or float64
     * @return the array
     */
    public static NDArray constant(
            NDManager manager, double[] values, Shape shape, DataType dataType) {
        if (dataType == DataType.FLOAT64) {
            return manager.create(values, shape);
        }
        float[] single = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            single[i] = (float) values[i];
        }
        return manager.create(single, shape).toType(dataType, false);
    }

    /**
     * Returns the method.
     *
     * @return the tableau
     */
    public ButcherTableau tableau() {
        return tableau;
    }

    /**
     * Attempts one step from {@code (t, y)} with step {@code h}.
     *
     * @param field the vector field (on flattened states)
     * @param times the stage times
     * @param y the state {@code (batch, n)}
     * @param k0 {@code f(t, y)} {@code (batch, n)}
     * @param h the signed step of every step group
     * @param combiner forms the linear combinations of this step
     * @param needStages whether {@link StepResult#stages()} is needed (dense output)
     * @return the proposed state, the next first stage, the stages and the error estimate
     */
    public StepResult step(
            VectorField field,
            StageTimes times,
            NDArray y,
            NDArray k0,
            double[] h,
            StageCombiner combiner,
            boolean needStages) {
        int s = tableau.stages();
        List<NDArray> columns = new ArrayList<>(s + 2);
        columns.add(y);
        columns.add(k0);
        NDArray stageInput = y;
        for (int i = 1; i < s; i++) {
            stageInput = stageInput(i, columns, h, combiner);
            columns.add(field.evaluate(times.at(c[i]), stageInput));
        }
        NDArray y1;
        NDArray kEnd;
        if (tableau.isFsal()) {
            y1 = stageInput;
            kEnd = columns.get(s);
        } else {
            y1 = combiner.combine(StageCombiner.stack(columns), StageCombiner.rows(1, b, h));
            kEnd = field.evaluate(times.at(1.0), y1);
            columns.add(kEnd);
        }
        NDArray stages = needStages || tableau.isAdaptive() ? StageCombiner.stack(columns) : null;
        NDArray error = null;
        if (tableau.isAdaptive()) {
            try (Autograd.GradModeScope paused = Autograd.pause()) {
                error = combiner.combine(stages, StageCombiner.rows(0, errorWeights, h));
            }
        }
        return new StepResult(y1, kEnd, stages, error);
    }

    private NDArray stageInput(int i, List<NDArray> columns, double[] h, StageCombiner combiner) {
        int single = singleIndex[i];
        if (single >= 0) {
            double[] scale = new double[h.length];
            for (int g = 0; g < h.length; g++) {
                scale[g] = h[g] * rows[i][single];
            }
            return columns.get(0).add(columns.get(single + 1).mul(combiner.scalars(scale)));
        }
        return combiner.combine(
                StageCombiner.stack(columns.subList(0, i + 1)), StageCombiner.rows(1, rows[i], h));
    }
}
