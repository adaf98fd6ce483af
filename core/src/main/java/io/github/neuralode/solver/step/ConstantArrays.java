package io.github.neuralode.solver.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Creates the constant arrays of a solve (step coefficients, times, masks) from Java values, in the
 * state's data type and on the device of the manager that owns them.
 *
 * <p>While a solve is recorded, the autograd graph points at these arrays' memory, so their owner
 * must outlive the backward pass; they are made as arrays instead of passing Java numbers to
 * {@code NDArray} operations, whose temporary buffers the garbage collector may free first. On CPU
 * the arrays wrap their Java buffers without a copy (the cheapest form, right for the solver's
 * per-step constants, whose owner is the solve's manager); code that cannot guarantee that
 * lifetime uses {@link io.github.neuralode.engine.OwnedArrays}, which copies once more.
 */
public final class ConstantArrays {

    private ConstantArrays() {}

    /**
     * Creates a constant array.
     *
     * @param manager the owner
     * @param values the values, row-major
     * @param shape their shape
     * @param dataType float32 or float64
     * @return the array
     */
    public static NDArray create(
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
     * Creates a {@code (rows, width)} boolean mask that repeats {@code perRow} along each row
     * (DJL's {@code where} does not broadcast its condition).
     *
     * @param manager the owner
     * @param perRow one flag per row
     * @param width the row length
     * @return the mask
     */
    public static NDArray rowMask(NDManager manager, boolean[] perRow, long width) {
        boolean[] values = new boolean[Math.toIntExact(perRow.length * width)];
        for (int r = 0; r < perRow.length; r++) {
            java.util.Arrays.fill(values, (int) (r * width), (int) ((r + 1) * width), perRow[r]);
        }
        return manager.create(values, new Shape(perRow.length, width));
    }
}
