package io.github.neuralode.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Constants made from Java numbers that are safe to use inside a recorded computation whatever
 * happens to them before backward.
 *
 * <p>On CPU, DJL's PyTorch engine wraps an array created from Java data ({@code
 * manager.create(double[])}, and the temporary scalar behind {@code x.mul(2.0)}) around a Java
 * direct buffer without copying it. When such an array is closed (its manager closes, or DJL
 * closes the temporary scalar right after the operation) the buffer becomes garbage, and after a
 * garbage collection the autograd graph, which kept the tensor as a saved operand of {@code mul},
 * {@code div} or {@code pow}, reads freed memory: gradients come out wrong or NaN, at random.
 * The arrays made here hold their own copy in engine memory, so they can be closed, or belong to a
 * short-lived manager, while a graph still uses them. Use them for every constant that a vector
 * field or loss creates from Java numbers and multiplies or divides by. (The solver's own
 * per-step constants, whose owner outlives backward by construction, skip the copy: {@code
 * ConstantArrays}.)
 */
public final class OwnedArrays {

    private OwnedArrays() {}

    /**
     * Creates a scalar constant.
     *
     * @param manager the manager (and device) of the result
     * @param value the value
     * @param dataType the data type of the result
     * @return an array of shape {@code ()} in engine-owned memory
     */
    public static NDArray scalar(NDManager manager, double value, DataType dataType) {
        return copyOf(manager, new double[] {value}, new Shape(), dataType);
    }

    /**
     * Creates a constant array from row-major values.
     *
     * @param manager the manager (and device) of the result
     * @param values the values in row-major order; {@code values.length} must equal the shape's
     *     size
     * @param shape the shape of the result
     * @param dataType the data type of the result
     * @return the array, in engine-owned memory
     * @throws IllegalArgumentException if the number of values does not match the shape
     */
    public static NDArray copyOf(NDManager manager, double[] values, Shape shape, DataType dataType) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(
                    "values has "
                            + values.length
                            + " entries but shape "
                            + shape
                            + " needs "
                            + shape.size()
                            + ": pass one value per element, in row-major order");
        }
        try (NDArray wrapped = manager.create(values, shape)) {
            return dataType == DataType.FLOAT64 ? wrapped.duplicate() : wrapped.toType(dataType, true);
        }
    }

    /**
     * Creates a constant matrix.
     *
     * @param manager the manager (and device) of the result
     * @param rows the rows, all of one length
     * @param dataType the data type of the result
     * @return an array of shape {@code (rows.length, rows[0].length)} in engine-owned memory
     * @throws IllegalArgumentException if the rows are empty or differ in length
     */
    public static NDArray copyOf(NDManager manager, double[][] rows, DataType dataType) {
        if (rows.length == 0 || rows[0].length == 0) {
            throw new IllegalArgumentException("rows must be a non-empty matrix");
        }
        int columns = rows[0].length;
        double[] flat = new double[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != columns) {
                throw new IllegalArgumentException(
                        "row " + i + " has " + rows[i].length + " entries, row 0 has " + columns
                                + ": all rows must have the same length");
            }
            System.arraycopy(rows[i], 0, flat, i * columns, columns);
        }
        return copyOf(manager, flat, new Shape(rows.length, columns), dataType);
    }
}
