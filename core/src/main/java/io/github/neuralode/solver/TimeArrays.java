package io.github.neuralode.solver;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.solver.step.ConstantArrays;

/**
 * The time arguments a vector field receives, made from Java doubles (one per step group): a
 * scalar {@code ()} for a shared clock, a {@code (batch, 1)} column for per-sample clocks. The
 * solve loop and the adjoints that replay its steps both use this, so a replayed stage sees
 * exactly the time the forward stage saw.
 */
public final class TimeArrays {

    private TimeArrays() {}

    /**
     * Creates a time array.
     *
     * @param manager the owner (keep it alive until backward when recording)
     * @param groupValues one time per step group
     * @param mode the step mode of the solve
     * @param dataType the state's data type
     * @return shape {@code ()} for {@link StepMode#SHARED}, {@code (groups, 1)} otherwise
     */
    public static NDArray create(
            NDManager manager, double[] groupValues, StepMode mode, DataType dataType) {
        Shape shape = mode == StepMode.SHARED ? new Shape() : new Shape(groupValues.length, 1);
        return ConstantArrays.create(manager, groupValues, shape, dataType);
    }

    /**
     * Returns the stage times {@code t + c h} of every step group.
     *
     * @param t the start time of every group
     * @param h the signed step of every group
     * @param c the stage node
     * @return one time per group
     */
    public static double[] stage(double[] t, double[] h, double c) {
        double[] values = new double[t.length];
        for (int g = 0; g < values.length; g++) {
            values[g] = t[g] + c * h[g];
        }
        return values;
    }
}
