package io.github.neuralode.solver.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * Forms linear combinations {@code sum_j c_j x_j} of same-shaped {@code (batch, n)} arrays in as
 * few operations as possible: the columns are stacked once into {@code (batch, n, m)} and
 * multiplied by a coefficient vector made in Java, so the step size rides inside the coefficients
 * ({@code [1, h a_i0, h a_i1, ...]} applied to {@code [y, k_0, k_1, ...]} gives a stage input in
 * one stack and one matrix product, and two autograd nodes).
 *
 * <p>With one step group (a shared step) the coefficients are a vector {@code (m)}; with one
 * group per sample they are {@code (batch, m, 1)} and the product is batched. Coefficient arrays
 * are created on the {@code constants} manager, which must outlive any backward pass through
 * them (the autograd graph points at their memory).
 */
public final class StageCombiner {

    /**
     * The column size from which {@link #combineSharedMany} stacks on the first axis: below it
     * the last-axis stack's fewer operations win, above it the contiguous copy does (measured on
     * one thread: 1,024 x 2 columns favour the last axis, 100 x 30 the first, by 3x).
     */
    static final long FIRST_AXIS_MIN_SIZE = 2048;

    private final NDManager constants;
    private final DataType dataType;
    private final int groups;

    /**
     * Creates a combiner for one attempted step.
     *
     * @param constants owns the coefficient arrays
     * @param dataType the state's data type
     * @param groups 1 for a shared step, the batch size for per-sample steps
     */
    public StageCombiner(NDManager constants, DataType dataType, int groups) {
        this.constants = constants;
        this.dataType = dataType;
        this.groups = groups;
    }

    /**
     * Returns the manager that owns this attempt's coefficient arrays (for other constants of the
     * attempt, such as a Rosenbrock method's step scale).
     *
     * @return the constants manager
     */
    public NDManager constants() {
        return constants;
    }

    /**
     * Returns the number of step groups (1 for a shared step, the batch size per sample).
     *
     * @return the group count
     */
    public int groups() {
        return groups;
    }

    /**
     * Stacks columns on a new last axis.
     *
     * @param columns arrays of shape {@code (batch, n)}
     * @return {@code (batch, n, m)}
     */
    public static NDArray stack(List<NDArray> columns) {
        return NDArrays.stack(new NDList(columns), -1);
    }

    /**
     * Builds per-group coefficient rows {@code [lead, h_g w_0, h_g w_1, ...]}.
     *
     * @param lead the coefficient of the first column (1 to add {@code y}, 0 to leave it out)
     * @param weights the method's weights for the remaining columns
     * @param h the signed step of every group
     * @return one row of {@code weights.length + 1} coefficients per group
     */
    public static double[][] rows(double lead, double[] weights, double[] h) {
        double[][] rows = new double[h.length][weights.length + 1];
        for (int g = 0; g < h.length; g++) {
            rows[g][0] = lead;
            for (int j = 0; j < weights.length; j++) {
                rows[g][j + 1] = h[g] * weights[j];
            }
        }
        return rows;
    }

    /**
     * Multiplies stacked columns by per-group coefficient rows.
     *
     * @param stacked {@code (batch, n, m)}
     * @param rows one row of {@code m} coefficients per group
     * @return {@code (batch, n)}
     */
    public NDArray combine(NDArray stacked, double[][] rows) {
        int m = rows[0].length;
        double[] flat = new double[groups * m];
        for (int g = 0; g < groups; g++) {
            System.arraycopy(rows[g], 0, flat, g * m, m);
        }
        if (groups == 1) {
            return stacked.matMul(ConstantArrays.create(constants, flat, new Shape(m), dataType));
        }
        NDArray coefficients = ConstantArrays.create(constants, flat, new Shape(groups, m, 1), dataType);
        return stacked.matMul(coefficients).squeeze(-1);
    }

    /**
     * Forms one combination whose coefficients are the same for every step group, such as a
     * Rosenbrock stage sum (its stages already carry the step): one matrix-vector product
     * whatever the number of groups. Columns of at least {@value #FIRST_AXIS_MIN_SIZE} values
     * are stacked on a new first axis, a contiguous copy (several times cheaper than {@link
     * #stack}'s strided one for large batches), and the {@code (m, batch * n)} stack is
     * multiplied transposed; smaller ones use {@link #stack}, which needs fewer operations.
     *
     * @param columns {@code m} arrays of the same shape, e.g. {@code (batch, n)}
     * @param coefficients {@code m} coefficients
     * @return {@code sum_j coefficients[j] columns[j]}, shaped as a column
     */
    public NDArray combineShared(List<NDArray> columns, double[] coefficients) {
        if (coefficients.length != columns.size()) {
            throw new IllegalArgumentException(
                    coefficients.length + " coefficients for " + columns.size() + " columns");
        }
        Shape shape = columns.get(0).getShape();
        Shape vectorShape = new Shape(coefficients.length);
        NDArray vector = ConstantArrays.create(constants, coefficients, vectorShape, dataType);
        return sharedProduct(columns, vector, shape);
    }

    /**
     * Forms several combinations with group-independent coefficients at once: one product of the
     * transposed first-axis stack {@code (batch * n, m)} with a {@code (m, k)} coefficient matrix.
     *
     * @param columns {@code m} arrays of shape {@code (batch, n)}
     * @param combinations {@code k} rows of {@code m} coefficients each
     * @return {@code (batch, n, k)}, combination {@code j} in column {@code j}
     */
    public NDArray combineSharedMany(List<NDArray> columns, List<double[]> combinations) {
        int m = columns.size();
        int k = combinations.size();
        double[] matrix = new double[m * k];
        for (int j = 0; j < k; j++) {
            double[] row = combinations.get(j);
            if (row.length != m) {
                throw new IllegalArgumentException(
                        "combination " + j + " has " + row.length + " coefficients for " + m
                                + " columns");
            }
            for (int i = 0; i < m; i++) {
                matrix[i * k + j] = row[i];
            }
        }
        NDArray coefficients = ConstantArrays.create(constants, matrix, new Shape(m, k), dataType);
        return sharedProduct(columns, coefficients, columns.get(0).getShape().add(k));
    }

    /** The columns, stacked on the axis that suits their size, times coefficients. */
    private static NDArray sharedProduct(
            List<NDArray> columns, NDArray coefficients, Shape result) {
        if (columns.get(0).getShape().size() < FIRST_AXIS_MIN_SIZE) {
            return stack(columns).matMul(coefficients);
        }
        NDArray stacked = NDArrays.stack(new NDList(columns), 0).reshape(columns.size(), -1);
        return stacked.transpose().matMul(coefficients).reshape(result);
    }

    /**
     * Forms several combinations of the same stacked columns at once (shared step only): one
     * product with a {@code (m, k)} coefficient matrix instead of {@code k} products.
     *
     * @param stacked {@code (batch, n, m)}
     * @param combinations {@code k} rows of {@code m} coefficients each
     * @return {@code (batch, n, k)}, combination {@code j} in column {@code j}
     */
    public NDArray combineMany(NDArray stacked, List<double[]> combinations) {
        if (groups != 1) {
            throw new IllegalStateException("combineMany needs a shared step (one step group)");
        }
        int m = combinations.get(0).length;
        int k = combinations.size();
        double[] matrix = new double[m * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < m; i++) {
                matrix[i * k + j] = combinations.get(j)[i];
            }
        }
        return stacked.matMul(ConstantArrays.create(constants, matrix, new Shape(m, k), dataType));
    }

    /**
     * Returns per-group scalars shaped to broadcast against {@code (batch, n)}.
     *
     * @param values one value per group
     * @return shape {@code ()} for one group, {@code (batch, 1)} otherwise
     */
    public NDArray scalars(double[] values) {
        Shape shape = groups == 1 ? new Shape() : new Shape(groups, 1);
        return ConstantArrays.create(constants, values, shape, dataType);
    }
}
