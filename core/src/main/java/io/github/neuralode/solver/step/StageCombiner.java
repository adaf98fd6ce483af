package io.github.neuralode.solver.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.engine.Autograd;

import java.util.List;

/**
 * Forms linear combinations {@code sum_j c_j x_j} of same-shaped {@code (batch, n)} arrays, such
 * as a Runge-Kutta stage input {@code y + h sum_j a_ij k_j}, choosing among three evaluations by
 * the number of non-zero coefficients and the column size (all measured one-threaded on the CPU,
 * forward alone and with a backward pass through the sum):
 *
 * <ul>
 *   <li><b>Term by term</b> ({@code x_0 + c_1 x_1 + ...}, one multiply and one add per non-zero
 *       coefficient, none for a coefficient of exactly 1): for at most {@value #TERM_BY_TERM_MAX}
 *       non-zero coefficients; while autograd records, for at most {@value
 *       #RECORDED_TERM_BY_TERM_MAX} and for any number from {@value #FIRST_AXIS_MIN_SIZE} values
 *       per column (its backward pass is plain scaling and addition, cheaper than that of a stack
 *       and a product: a W3 training iteration, a 100 x 30 state through Dopri5, went from 5.2 to
 *       4.4 ms); and for columns of {@value #LARGE_COLUMN_SIZE} values or more, where a stack's
 *       extra copy costs more than the separate passes (a conv ANODE state of 256 x 4,704
 *       values: 4.2 against 13.6 ms for 7 columns).
 *   <li><b>Last-axis stack</b> {@code (batch, n, m)} times a coefficient vector: below {@value
 *       #FIRST_AXIS_MIN_SIZE} values per column, where the two operations' fixed cost dominates
 *       (a 64 x 2 state with 7 columns: 9.9 against 15.6 us term by term).
 *   <li><b>First-axis stack</b> {@code (m, batch * n)}, transposed, times the coefficients: in
 *       between; the contiguous copy is several times cheaper than the strided last-axis one
 *       (100 x 30 with 7 columns: 17.5 against 72.5 us).
 * </ul>
 *
 * <p>With one step group (a shared step) the coefficients are scalars; with one group per sample
 * each is a {@code (batch, 1)} column (or, stacked, a {@code (batch, m, 1)} batched product).
 * Coefficient arrays are created on the {@code constants} manager, which must outlive any
 * backward pass through them (the autograd graph points at their memory).
 */
public final class StageCombiner {

    /** The column size from which stacks are made on the first axis (a contiguous copy). */
    static final long FIRST_AXIS_MIN_SIZE = 2048;

    /** The column size from which every combination is formed term by term. */
    static final long LARGE_COLUMN_SIZE = 1L << 19;

    /** The most non-zero coefficients for which a combination is formed term by term. */
    static final int TERM_BY_TERM_MAX = 2;

    /** The same for small columns while autograd records (from {@value #FIRST_AXIS_MIN_SIZE}: all). */
    static final int RECORDED_TERM_BY_TERM_MAX = 4;

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
     * Forms one combination with per-group coefficient rows (with one group, the same as {@link
     * #combineShared}).
     *
     * @param columns {@code m} arrays of shape {@code (batch, n)}
     * @param rows one row of {@code m} coefficients per group
     * @return {@code (batch, n)}
     */
    public NDArray combine(List<NDArray> columns, double[][] rows) {
        return combine(new StageColumns(columns), rows);
    }

    /**
     * Forms one combination with per-group coefficient rows, reusing the columns' stack when
     * several combinations of the same step are stacked products.
     *
     * @param stageColumns {@code m} arrays of shape {@code (batch, n)}
     * @param rows one row of {@code m} coefficients per group
     * @return {@code (batch, n)}
     */
    public NDArray combine(StageColumns stageColumns, double[][] rows) {
        List<NDArray> columns = stageColumns.list();
        if (rows.length != groups) {
            throw new IllegalArgumentException(
                    rows.length + " coefficient rows for " + groups + " step groups");
        }
        if (groups == 1) {
            return combineShared(columns, rows[0]);
        }
        int m = columns.size();
        requireLength(rows[0].length, m, "each row");
        boolean[] used = new boolean[m];
        boolean[] unit = new boolean[m];
        int terms = 0;
        int unitTerms = 0;
        for (int j = 0; j < m; j++) {
            unit[j] = true;
            for (int g = 0; g < groups; g++) {
                used[j] |= rows[g][j] != 0.0;
                unit[j] &= rows[g][j] == 1.0;
            }
            terms += used[j] ? 1 : 0;
            unitTerms += unit[j] ? 1 : 0;
        }
        if (termByTerm(terms, unitTerms, columns.get(0).size())) {
            NDArray sum = null;
            for (int j = 0; j < m; j++) {
                if (used[j]) {
                    NDArray term = unit[j] ? columns.get(j) : columns.get(j).mul(groupColumn(rows, j));
                    sum = sum == null ? term : sum.add(term);
                }
            }
            return sum;
        }
        double[] flat = new double[groups * m];
        for (int g = 0; g < groups; g++) {
            System.arraycopy(rows[g], 0, flat, g * m, m);
        }
        NDArray coefficients = ConstantArrays.create(constants, flat, new Shape(groups, m, 1), dataType);
        return stageColumns.lastAxisStack().matMul(coefficients).squeeze(-1);
    }

    /**
     * Forms one combination whose coefficients are the same for every step group, such as a
     * stage input of a shared step or a Rosenbrock stage sum (its stages already carry the step),
     * whatever the number of groups.
     *
     * @param columns {@code m} arrays of the same shape, e.g. {@code (batch, n)}
     * @param coefficients {@code m} coefficients
     * @return {@code sum_j coefficients[j] columns[j]}, shaped as a column
     */
    public NDArray combineShared(List<NDArray> columns, double[] coefficients) {
        requireLength(coefficients.length, columns.size(), "coefficients");
        int terms = 0;
        int unitTerms = 0;
        for (double c : coefficients) {
            terms += c != 0.0 ? 1 : 0;
            unitTerms += c == 1.0 ? 1 : 0;
        }
        Shape shape = columns.get(0).getShape();
        if (termByTerm(terms, unitTerms, shape.size())) {
            NDArray sum = null;
            for (int j = 0; j < coefficients.length; j++) {
                double c = coefficients[j];
                if (c != 0.0) {
                    NDArray term = c == 1.0 ? columns.get(j) : columns.get(j).mul(scalar(c));
                    sum = sum == null ? term : sum.add(term);
                }
            }
            return sum;
        }
        Shape vectorShape = new Shape(coefficients.length);
        NDArray vector = ConstantArrays.create(constants, coefficients, vectorShape, dataType);
        return stackedProduct(columns, vector, shape);
    }

    /**
     * Forms several combinations with group-independent coefficients at once: one product of the
     * stacked columns with a {@code (m, k)} coefficient matrix (a single combination is formed as
     * by {@link #combineShared}).
     *
     * @param columns {@code m} arrays of shape {@code (batch, n)}
     * @param combinations {@code k} rows of {@code m} coefficients each
     * @return {@code (batch, n, k)}, combination {@code j} in column {@code j}
     */
    public NDArray combineSharedMany(List<NDArray> columns, List<double[]> combinations) {
        int m = columns.size();
        int k = combinations.size();
        for (int j = 0; j < k; j++) {
            requireLength(combinations.get(j).length, m, "combination " + j);
        }
        if (k == 1) {
            return combineShared(columns, combinations.get(0)).expandDims(-1);
        }
        double[] matrix = new double[m * k];
        for (int j = 0; j < k; j++) {
            double[] row = combinations.get(j);
            for (int i = 0; i < m; i++) {
                matrix[i * k + j] = row[i];
            }
        }
        NDArray coefficients = ConstantArrays.create(constants, matrix, new Shape(m, k), dataType);
        return stackedProduct(columns, coefficients, columns.get(0).getShape().add(k));
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

    /**
     * Stacks columns on a new last axis.
     *
     * @param columns arrays of shape {@code (batch, n)}
     * @return {@code (batch, n, m)}
     */
    static NDArray lastAxisStack(List<NDArray> columns) {
        return NDArrays.stack(new NDList(columns), -1);
    }

    /**
     * Whether to add term by term; never when that would return a column itself (no non-zero
     * coefficient, or a lone coefficient of 1): the stacked product makes a new array.
     */
    private static boolean termByTerm(int terms, int unitTerms, long columnSize) {
        if (terms == 0 || terms == 1 && unitTerms == 1) {
            return false;
        }
        if (columnSize >= LARGE_COLUMN_SIZE) {
            return true;
        }
        if (Autograd.isRecording()) {
            return columnSize >= FIRST_AXIS_MIN_SIZE || terms <= RECORDED_TERM_BY_TERM_MAX;
        }
        return terms <= TERM_BY_TERM_MAX;
    }

    private NDArray scalar(double value) {
        return ConstantArrays.create(constants, new double[] {value}, new Shape(), dataType);
    }

    /** Column {@code j} of every group's row, as a {@code (groups, 1)} array. */
    private NDArray groupColumn(double[][] rows, int j) {
        double[] values = new double[groups];
        for (int g = 0; g < groups; g++) {
            values[g] = rows[g][j];
        }
        return scalars(values);
    }

    private static void requireLength(int length, int columns, String what) {
        if (length != columns) {
            throw new IllegalArgumentException(
                    what + " has " + length + " coefficients for " + columns + " columns");
        }
    }

    /** The columns, stacked on the axis that suits their size, times coefficients. */
    private static NDArray stackedProduct(
            List<NDArray> columns, NDArray coefficients, Shape result) {
        if (columns.get(0).getShape().size() < FIRST_AXIS_MIN_SIZE) {
            return lastAxisStack(columns).matMul(coefficients);
        }
        NDArray stacked = NDArrays.stack(new NDList(columns), 0).reshape(columns.size(), -1);
        return stacked.transpose().matMul(coefficients).reshape(result);
    }
}
