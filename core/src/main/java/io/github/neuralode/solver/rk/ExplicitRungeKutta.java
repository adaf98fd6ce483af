package io.github.neuralode.solver.rk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
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
 * <p>One instance holds the tableau's coefficients as arrays of one data type and device (made
 * once per solve, kept alive until backward: the autograd graph refers to them). A stage with
 * several coefficients costs four operations ({@code y + h * (stack(k) @ a_i)}), a stage with one
 * coefficient three, plus the vector field. The step size {@code h} is an array broadcastable to
 * {@code (batch, 1)}: a scalar for a shared step, a column for per-sample steps (a zero entry
 * leaves that sample where it is).
 */
public final class ExplicitRungeKutta {

    private final ButcherTableau tableau;
    private final NDArray[] rows;
    private final int[] singleIndex;
    private final NDArray weights;
    private final NDArray errorWeights;
    private final double[] c;

    private ExplicitRungeKutta(ButcherTableau tableau, NDManager manager, DataType dataType) {
        this.tableau = tableau;
        int s = tableau.stages();
        this.c = tableau.c();
        this.rows = new NDArray[s];
        this.singleIndex = new int[s];
        for (int i = 1; i < s; i++) {
            double[] row = tableau.a(i);
            singleIndex[i] = singleNonZero(row);
            rows[i] =
                    singleIndex[i] >= 0
                            ? constant(manager, new double[] {row[singleIndex[i]]}, new Shape(), dataType)
                            : constant(manager, row, new Shape(i), dataType);
        }
        this.weights = constant(manager, tableau.b(), new Shape(s), dataType);
        this.errorWeights =
                tableau.isAdaptive()
                        ? constant(
                                manager,
                                tableau.errorWeights(),
                                new Shape(tableau.extendedStages()),
                                dataType)
                        : null;
    }

    /**
     * Prepares the coefficients of a tableau for states of the given data type.
     *
     * @param tableau the method
     * @param manager owns the coefficient arrays (and fixes their device)
     * @param dataType the state's data type
     * @return the stepper
     */
    public static ExplicitRungeKutta prepare(
            ButcherTableau tableau, NDManager manager, DataType dataType) {
        return new ExplicitRungeKutta(tableau, manager, dataType);
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
     * @param h the step size, scalar or {@code (batch, 1)}
     * @param needStages whether {@link StepResult#stages()} is needed (dense output, errors)
     * @return the proposed state, the next first stage, the stages and the error estimate
     */
    public StepResult step(
            VectorField field,
            StageTimes times,
            NDArray y,
            NDArray k0,
            NDArray h,
            boolean needStages) {
        int s = tableau.stages();
        List<NDArray> k = new ArrayList<>(s + 1);
        k.add(k0);
        NDArray stageInput = y;
        for (int i = 1; i < s; i++) {
            stageInput = stageInput(i, k, y, h);
            k.add(field.evaluate(times.at(c[i]), stageInput));
        }
        NDArray y1;
        NDArray kEnd;
        if (tableau.isFsal()) {
            y1 = stageInput;
            kEnd = k.get(s - 1);
        } else {
            y1 = y.add(combine(k, weights).mul(h));
            kEnd = field.evaluate(times.at(1.0), y1);
            k.add(kEnd);
        }
        NDArray stages = needStages || errorWeights != null ? NDArrays.stack(new NDList(k), -1) : null;
        NDArray error = null;
        if (errorWeights != null) {
            try (Autograd.GradModeScope paused = Autograd.pause()) {
                error = stages.matMul(errorWeights).mul(h);
            }
        }
        return new StepResult(y1, kEnd, stages, error);
    }

    private NDArray stageInput(int i, List<NDArray> k, NDArray y, NDArray h) {
        if (singleIndex[i] >= 0) {
            return y.add(k.get(singleIndex[i]).mul(h).mul(rows[i]));
        }
        return y.add(combine(k.subList(0, i), rows[i]).mul(h));
    }

    private static NDArray combine(List<NDArray> k, NDArray coefficients) {
        if (k.size() == 1) {
            return k.get(0).mul(coefficients);
        }
        return NDArrays.stack(new NDList(k), -1).matMul(coefficients);
    }
}
