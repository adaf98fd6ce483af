package io.github.neuralode.models.homotopy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.engine.OwnedArrays;

/**
 * The cubic smoothing spline of Reinsch (1967) with natural end conditions, fitted to every state
 * component of a sampled trajectory: the data path {@code u(t)} that homotopy (synchronization)
 * training couples the model to (Ko, Koh, Park and Jhe, NeurIPS 2023).
 *
 * <p>For knots {@code t_0 < ... < t_{n-1}} (in the data's time units) and values {@code y} of
 * shape {@code (n, d)}, each component {@code g} minimises {@code sum_i (y_i - g(t_i))^2 + alpha
 * * integral g''(t)^2 dt}. With {@code alpha = 0} it is the natural cubic interpolating spline; as
 * {@code alpha} grows it tends to the least-squares straight line. The fit follows Green and
 * Silverman (1994, section 2.3): with {@code h_i = t_{i+1} - t_i}, the tridiagonal {@code
 * (n-2) x (n-2)} matrix {@code R} and the {@code n x (n-2)} second-difference matrix {@code Q}, it
 * solves {@code (R + alpha Q^T Q) gamma = Q^T y} for the interior second derivatives {@code gamma}
 * ({@code gamma_0 = gamma_{n-1} = 0}) and sets the fitted knot values {@code g = y - alpha Q
 * gamma}. The system is symmetric positive definite and pentadiagonal; it is solved by a banded
 * Cholesky factorisation in plain Java doubles, {@code O(n)} per component.
 *
 * <p>Between knots the spline is the cubic {@code a + b s + c s^2 + e s^3} in {@code s = t - t_i}.
 * Outside {@code [t_0, t_{n-1}]} it continues as the straight line through the end value with the
 * end slope: natural end conditions give zero curvature there, so value, slope and curvature stay
 * continuous. The spline is immutable; {@link #valueAt} and {@link #derivativeAt} evaluate it in
 * Java, {@link #evaluate} and {@link #toArrays} on NDArrays, differentiably in {@code t}.
 */
public final class SmoothingSpline {

    private final double[] knots;
    private final double[][] fitted;
    private final double[][] curvature;
    private final double alpha;
    /** Origin {@code t_i} of each of the {@code n + 1} pieces (left line, cubics, right line). */
    private final double[] origins;
    /** {@code [power][piece][component]}: the coefficient of {@code s^power} of each piece. */
    private final double[][][] coefficients;

    private SmoothingSpline(double[] knots, double[][] fitted, double[][] curvature, double alpha) {
        this.knots = knots;
        this.fitted = fitted;
        this.curvature = curvature;
        this.alpha = alpha;
        this.origins = new double[knots.length + 1];
        this.coefficients = new double[4][knots.length + 1][fitted[0].length];
        fillPieces();
    }

    /**
     * Fits the smoothing spline to every component of {@code values}.
     *
     * @param knots the sample times {@code t_0 < ... < t_{n-1}}, {@code n >= 3}, finite
     * @param values the samples, shape {@code [n][d]} with {@code d >= 1}, finite
     * @param alpha the roughness penalty {@code >= 0}, in time units cubed (it weighs {@code
     *     integral g''^2 dt} against the squared errors); {@code 0} interpolates
     * @return the fitted spline
     * @throws IllegalArgumentException naming the argument that is missing, ragged, not finite,
     *     not increasing or negative
     */
    public static SmoothingSpline fit(double[] knots, double[][] values, double alpha) {
        int d = checkData(knots, values);
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException(
                    "alpha must be finite and >= 0 (0 interpolates), got " + alpha);
        }
        int n = knots.length;
        int m = n - 2;
        double[] h = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            h[i] = knots[i + 1] - knots[i];
        }
        // Column c of Q (interior knot c + 1) has q0, q1, q2 in rows c, c + 1, c + 2.
        double[] q0 = new double[m];
        double[] q1 = new double[m];
        double[] q2 = new double[m];
        for (int c = 0; c < m; c++) {
            q0[c] = 1 / h[c];
            q2[c] = 1 / h[c + 1];
            q1[c] = -q0[c] - q2[c];
        }
        double[] diagonal = new double[m];
        double[] upper1 = new double[m];
        double[] upper2 = new double[m];
        for (int c = 0; c < m; c++) {
            diagonal[c] = (h[c] + h[c + 1]) / 3 + alpha * (q0[c] * q0[c] + q1[c] * q1[c]
                    + q2[c] * q2[c]);
            if (c + 1 < m) {
                upper1[c] = h[c + 1] / 6 + alpha * (q1[c] * q0[c + 1] + q2[c] * q1[c + 1]);
            }
            if (c + 2 < m) {
                upper2[c] = alpha * q2[c] * q0[c + 2];
            }
        }
        PentadiagonalCholesky system = new PentadiagonalCholesky(diagonal, upper1, upper2);
        double[][] fitted = new double[n][d];
        double[][] curvature = new double[n][d];
        for (int k = 0; k < d; k++) {
            double[] rhs = new double[m];
            for (int c = 0; c < m; c++) {
                rhs[c] = q0[c] * values[c][k] + q1[c] * values[c + 1][k]
                        + q2[c] * values[c + 2][k];
            }
            double[] gamma = system.solve(rhs);
            double[] qGamma = new double[n];
            for (int c = 0; c < m; c++) {
                curvature[c + 1][k] = gamma[c];
                qGamma[c] += q0[c] * gamma[c];
                qGamma[c + 1] += q1[c] * gamma[c];
                qGamma[c + 2] += q2[c] * gamma[c];
            }
            for (int i = 0; i < n; i++) {
                fitted[i][k] = values[i][k] - alpha * qGamma[i];
            }
        }
        return new SmoothingSpline(knots.clone(), fitted, curvature, alpha);
    }

    private static int checkData(double[] knots, double[][] values) {
        if (knots == null || knots.length < 3) {
            throw new IllegalArgumentException(
                    "knots needs at least 3 times, got "
                            + (knots == null ? "null" : knots.length)
                            + ": give more samples");
        }
        for (int i = 0; i < knots.length; i++) {
            if (!Double.isFinite(knots[i]) || (i > 0 && !(knots[i] > knots[i - 1]))) {
                throw new IllegalArgumentException(
                        "knots must be finite and strictly increasing, but knots["
                                + i
                                + "] = "
                                + knots[i]
                                + ": sort the samples and merge repeated times");
            }
        }
        if (values == null || values.length != knots.length) {
            throw new IllegalArgumentException(
                    "values needs one row per knot ("
                            + knots.length
                            + "), got "
                            + (values == null ? "null" : values.length));
        }
        int d = values[0] == null ? 0 : values[0].length;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null || values[i].length != d || d == 0) {
                throw new IllegalArgumentException(
                        "values["
                                + i
                                + "] must hold the same number (>= 1) of components as values[0]"
                                + " ("
                                + d
                                + ")");
            }
            for (int k = 0; k < d; k++) {
                if (!Double.isFinite(values[i][k])) {
                    throw new IllegalArgumentException(
                            "values[" + i + "][" + k + "] must be finite, got " + values[i][k]);
                }
            }
        }
        return d;
    }

    /** Fills {@link #origins} and {@link #coefficients} for the lines and the cubics. */
    private void fillPieces() {
        int n = knots.length;
        int d = fitted[0].length;
        origins[0] = knots[0];
        origins[n] = knots[n - 1];
        for (int i = 0; i < n - 1; i++) {
            double h = knots[i + 1] - knots[i];
            origins[i + 1] = knots[i];
            for (int k = 0; k < d; k++) {
                double left = curvature[i][k];
                double right = curvature[i + 1][k];
                double chord = (fitted[i + 1][k] - fitted[i][k]) / h;
                coefficients[0][i + 1][k] = fitted[i][k];
                coefficients[1][i + 1][k] = chord - h * (2 * left + right) / 6;
                coefficients[2][i + 1][k] = left / 2;
                coefficients[3][i + 1][k] = (right - left) / (6 * h);
            }
        }
        double lastH = knots[n - 1] - knots[n - 2];
        for (int k = 0; k < d; k++) {
            coefficients[0][0][k] = fitted[0][k];
            coefficients[1][0][k] = coefficients[1][1][k];
            coefficients[0][n][k] = fitted[n - 1][k];
            coefficients[1][n][k] = (fitted[n - 1][k] - fitted[n - 2][k]) / lastH
                    + lastH * curvature[n - 2][k] / 6;
        }
    }

    /**
     * Returns the spline's value at one time.
     *
     * @param t a finite time, inside or outside the knots (linear outside)
     * @return the {@code d} components of {@code g(t)}
     * @throws IllegalArgumentException if {@code t} is not finite
     */
    public double[] valueAt(double t) {
        int piece = pieceOf(t);
        double s = t - origins[piece];
        double[] value = new double[dimension()];
        for (int k = 0; k < value.length; k++) {
            value[k] = coefficients[0][piece][k] + s * (coefficients[1][piece][k]
                    + s * (coefficients[2][piece][k] + s * coefficients[3][piece][k]));
        }
        return value;
    }

    /**
     * Returns the spline's time derivative at one time.
     *
     * @param t a finite time, inside or outside the knots (the end slope outside)
     * @return the {@code d} components of {@code g'(t)}, in value units per time unit
     * @throws IllegalArgumentException if {@code t} is not finite
     */
    public double[] derivativeAt(double t) {
        int piece = pieceOf(t);
        double s = t - origins[piece];
        double[] slope = new double[dimension()];
        for (int k = 0; k < slope.length; k++) {
            slope[k] = coefficients[1][piece][k] + s * (2 * coefficients[2][piece][k]
                    + 3 * s * coefficients[3][piece][k]);
        }
        return slope;
    }

    /** Piece {@code p} = number of knots {@code <= t}: 0 left line, n right line. */
    private int pieceOf(double t) {
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("t must be finite, got " + t);
        }
        return pieceIndex(t);
    }

    /**
     * The number of knots at or before {@code t} (its piece: 0 the left line, n the right line),
     * by bisection, without checking {@code t}; {@link SplineArrays} counts the same way on
     * NDArrays.
     */
    int pieceIndex(double t) {
        int low = 0;
        int high = knots.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (knots[mid] <= t) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * Evaluates the spline on NDArrays, differentiably in {@code t}. Creates the coefficient arrays
     * on {@code t}'s manager at every call; to evaluate many times (e.g. inside a vector field),
     * create them once with {@link #toArrays} and call {@link SplineArrays#evaluate}.
     *
     * @param t shape {@code ()} (one time for the whole batch) or {@code (batch, 1)} (one time
     *     per sample), a floating-point type
     * @return {@code g(t)}, shape {@code (1, d)} or {@code (batch, d)}, same data type and device
     *     as {@code t}
     * @throws IllegalArgumentException if {@code t} has another shape
     */
    public NDArray evaluate(NDArray t) {
        return toArrays(t.getManager(), t.getDataType()).evaluate(t);
    }

    /**
     * Copies the spline's coefficients to constant arrays for repeated NDArray evaluation.
     *
     * @param manager the manager that owns the arrays (and fixes their device); closing it frees
     *     them
     * @param dataType the floating-point type of the times the arrays will be evaluated at
     * @return the arrays, about {@code 4 (n + 1) d + 2n + 1} values
     */
    public SplineArrays toArrays(NDManager manager, DataType dataType) {
        NDArray[] powers = new NDArray[4];
        for (int p = 0; p < 4; p++) {
            powers[p] = OwnedArrays.copyOf(manager, coefficients[p], dataType);
        }
        return new SplineArrays(
                OwnedArrays.copyOf(manager, knots, new Shape(knots.length), dataType),
                OwnedArrays.copyOf(manager, origins, new Shape(origins.length), dataType),
                powers,
                this);
    }

    /**
     * Returns the knots.
     *
     * @return a copy of {@code t_0 ... t_{n-1}}
     */
    public double[] knots() {
        return knots.clone();
    }

    /**
     * Returns the fitted values at the knots.
     *
     * @return a copy of {@code g(t_i)}, shape {@code [n][d]}
     */
    public double[][] fittedValues() {
        return deepCopy(fitted);
    }

    /**
     * Returns the second derivatives at the knots, zero at both ends.
     *
     * @return a copy of {@code g''(t_i)}, shape {@code [n][d]}, in value units per time unit
     *     squared
     */
    public double[][] secondDerivatives() {
        return deepCopy(curvature);
    }

    /**
     * Returns the roughness penalty the spline was fitted with.
     *
     * @return {@code alpha}
     */
    public double alpha() {
        return alpha;
    }

    /**
     * Returns the number of state components.
     *
     * @return {@code d}
     */
    public int dimension() {
        return fitted[0].length;
    }

    private static double[][] deepCopy(double[][] table) {
        double[][] copy = new double[table.length][];
        for (int i = 0; i < table.length; i++) {
            copy[i] = table[i].clone();
        }
        return copy;
    }
}
