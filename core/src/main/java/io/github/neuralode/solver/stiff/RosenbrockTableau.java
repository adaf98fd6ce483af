package io.github.neuralode.solver.stiff;

import io.github.neuralode.solver.tableau.CoefficientTables;

import java.util.Arrays;

/**
 * A Rosenbrock (linearly implicit Runge-Kutta) method as immutable, self-checking data, stored in
 * the transformed form of Hairer and Wanner (Solving ODEs II, Sect. IV.7, eq. (7.25)) that the
 * computation uses.
 *
 * <p><b>The step.</b> With {@code J = df/dy(t, y)}, {@code f_t = df/dt(t, y)} and {@code W = I -
 * gamma h J}, stage {@code i = 0 .. s-1} solves
 *
 * <pre>
 *   W u_i = h gamma f(t + alpha_i h, y + sum_(j&lt;i) a_ij u_j)
 *           + gamma sum_(j&lt;i) c_ij u_j + gamma gammaSum_i h^2 f_t
 * </pre>
 *
 * (HW's {@code (1/(h gamma) - J) u_i = f(...) + sum c_ij/h u_j + gamma_i h f_t} multiplied by
 * {@code h gamma}); the step returns {@code y1 = y + sum_i m_i u_i}, the embedded solution
 * {@code y + sum_i mHat_i u_i}, and the dense output {@code y(t + theta h) = y + sum_i w_i(theta)
 * u_i} with {@code w_i(theta) = sum_p P[i][p] theta^(p+1)}. The stages {@code u_i} already carry
 * the factor {@code h}: none of {@code a}, {@code c}, {@code m}, {@code w} is scaled by it.
 *
 * <p><b>Checks at construction</b> (all true for any consistent method in this form, so a typo in
 * a coefficient fails): shapes (strictly lower-triangular {@code a} and {@code c}, {@code s}
 * weights, nodes and dense rows), {@code gamma > 0}, {@code alpha_0 = 0}; then, in the original
 * form ({@code Gamma = (I / gamma - C)^-1}, {@code alpha_ij = (a Gamma)_ij}, {@code b = m Gamma},
 * {@code bHat = mHat Gamma}): the nodes are row sums {@code alpha_i = sum_j alpha_ij} and
 * {@code gammaSum_i = sum_(j<=i) Gamma_ij} (the time-derivative weights that autonomization
 * implies), and {@code b} and {@code bHat} satisfy the order conditions of HW Table IV.7.1 up to
 * order {@code min(order, 4)} and {@code min(embeddedOrder, 4)} (conditions of order 5 and beyond
 * are not checked); finally the dense output ends at the solution, {@code w_i(1) = m_i}. See
 * {@link RosenbrockConditions}.
 *
 * <p>FSAL (first same as last) is derived: the last stage evaluates {@code f(t + h, y1)} when
 * {@code alpha_(s-1) = 1}, {@code a_(s-1)j = m_j} and {@code m_(s-1) = 0} (Rosenbrock23).
 *
 * <p>Shipped methods: {@link RosenbrockTableaus}.
 */
public final class RosenbrockTableau {

    private final String name;
    private final String shortName;
    private final int order;
    private final int embeddedOrder;
    private final int denseOrder;
    private final double gamma;
    private final double[][] a;
    private final double[][] c;
    private final double[] weights;
    private final double[] errorWeights;
    private final double[] alpha;
    private final double[] gammaSum;
    private final double[][] densePolynomial;
    private final boolean fsal;

    private RosenbrockTableau(Builder builder) {
        this.name = builder.name;
        this.shortName = builder.shortName;
        this.order = builder.order;
        this.embeddedOrder = builder.embeddedOrder;
        this.denseOrder = builder.denseOrder;
        this.gamma = builder.gamma;
        this.a = CoefficientTables.copy(builder.a);
        this.c = CoefficientTables.copy(builder.c);
        this.weights = builder.weights.clone();
        this.alpha = builder.alpha.clone();
        this.gammaSum = builder.gammaSum.clone();
        this.densePolynomial = CoefficientTables.copy(builder.densePolynomial);
        checkShapes(builder.embeddedWeights);
        this.errorWeights = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            errorWeights[i] = weights[i] - builder.embeddedWeights[i];
        }
        int last = weights.length - 1;
        this.fsal = last > 0
                && alpha[last] == 1.0
                && weights[last] == 0.0
                && Arrays.equals(a[last], Arrays.copyOf(weights, last));
    }

    private void checkShapes(double[] embeddedWeights) {
        int s = weights.length;
        if (s == 0 || a.length != s || c.length != s || alpha.length != s
                || gammaSum.length != s || embeddedWeights.length != s
                || densePolynomial.length != s) {
            throw new IllegalArgumentException(
                    name + ": need s >= 1 weights and s rows of a, c, nodes, gamma sums, embedded"
                            + " weights and dense-output polynomials");
        }
        for (int i = 0; i < s; i++) {
            if (a[i].length != i || c[i].length != i) {
                throw new IllegalArgumentException(
                        name + ": rows " + i + " of a and c must have " + i
                                + " entries (strictly lower triangular)");
            }
        }
        if (!(gamma > 0.0) || alpha[0] != 0.0) {
            throw new IllegalArgumentException(name + ": need gamma > 0 and alpha_0 = 0");
        }
    }

    /**
     * Starts a tableau definition.
     *
     * @param name the long name, e.g. "Rodas5P (Steinebach 2023)"
     * @param shortName the short name users know, e.g. "rodas5p"
     * @return a builder
     */
    public static Builder builder(String name, String shortName) {
        return new Builder(name, shortName);
    }

    /**
     * Returns the long name.
     *
     * @return e.g. "Rodas5P (Steinebach 2023)"
     */
    public String name() {
        return name;
    }

    /**
     * Returns the short name.
     *
     * @return e.g. "rodas5p"
     */
    public String shortName() {
        return shortName;
    }

    /**
     * Returns the order of the propagated solution (with the exact Jacobian).
     *
     * @return the classical order p
     */
    public int order() {
        return order;
    }

    /**
     * Returns the order of the embedded solution that the error estimate compares with.
     *
     * @return the embedded order
     */
    public int embeddedOrder() {
        return embeddedOrder;
    }

    /**
     * Returns the order of the dense output (local error {@code O(h^(order+1))}).
     *
     * @return the interpolant's order
     */
    public int denseOrder() {
        return denseOrder;
    }

    /**
     * Returns the number of stages {@code s} (linear solves per step; evaluations of {@code f}
     * are {@code s}, one fewer for FSAL methods when the previous step's last one is reused).
     *
     * @return the stage count
     */
    public int stages() {
        return weights.length;
    }

    /**
     * Returns the diagonal coefficient {@code gamma} of {@code W = I - gamma h J}.
     *
     * @return gamma, positive
     */
    public double gamma() {
        return gamma;
    }

    /**
     * Returns a copy of row {@code i} of the stage-input matrix.
     *
     * @param i the stage index
     * @return {@code a_i0 ... a_i(i-1)}: stage {@code i} evaluates {@code f} at {@code y + sum_j
     *     a_ij u_j}
     */
    public double[] a(int i) {
        return a[i].clone();
    }

    /**
     * Returns a copy of row {@code i} of the stage-coupling matrix {@code C} of the transformed
     * form ({@code c_ij / h} multiplies {@code u_j} on the right-hand side of stage {@code i}).
     *
     * @param i the stage index
     * @return {@code c_i0 ... c_i(i-1)}
     */
    public double[] c(int i) {
        return c[i].clone();
    }

    /**
     * Returns a copy of the time nodes.
     *
     * @return {@code alpha_i}: stage {@code i} evaluates {@code f} at {@code t + alpha_i h}
     */
    public double[] alpha() {
        return alpha.clone();
    }

    /**
     * Returns a copy of the time-derivative weights.
     *
     * @return {@code gammaSum_i} (HW's {@code gamma_i}): stage {@code i} adds {@code gammaSum_i h
     *     f_t} to its right-hand side
     */
    public double[] gammaSum() {
        return gammaSum.clone();
    }

    /**
     * Returns a copy of the solution weights.
     *
     * @return {@code m_i}: {@code y1 = y + sum_i m_i u_i}
     */
    public double[] weights() {
        return weights.clone();
    }

    /**
     * Returns a copy of the error weights.
     *
     * @return {@code m_i - mHat_i}: {@code y1 - yHat1 = sum_i (m_i - mHat_i) u_i}
     */
    public double[] errorWeights() {
        return errorWeights.clone();
    }

    /**
     * Returns the dense-output weights at a fraction of the step.
     *
     * @param theta the fraction of the step, in [0, 1]
     * @return {@code w_i(theta)}: {@code y(t + theta h) = y + sum_i w_i u_i}
     */
    public double[] denseWeights(double theta) {
        return CoefficientTables.polynomialWeights(densePolynomial, theta);
    }

    /**
     * Returns whether the last stage evaluates {@code f(t + h, y1)}, the next step's first
     * evaluation (derived from the coefficients).
     *
     * @return {@code true} for FSAL methods
     */
    public boolean isFsal() {
        return fsal;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return name;
    }

    /** Collects the coefficients of a Rosenbrock tableau; {@link #build()} checks them. */
    public static final class Builder {

        private final String name;
        private final String shortName;
        private int order;
        private int embeddedOrder;
        private int denseOrder;
        private double gamma;
        private double[][] a;
        private double[][] c;
        private double[] weights;
        private double[] embeddedWeights;
        private double[] alpha;
        private double[] gammaSum;
        private double[][] densePolynomial;

        private Builder(String name, String shortName) {
            this.name = name;
            this.shortName = shortName;
        }

        /**
         * Sets the method in transformed form (required).
         *
         * @param order the classical order with the exact Jacobian
         * @param gamma the diagonal coefficient, positive
         * @param a the stage-input matrix, row {@code i} with {@code i} entries
         * @param c the stage-coupling matrix {@code C}, row {@code i} with {@code i} entries
         * @param weights the solution weights {@code m}, {@code s} entries
         * @return this builder
         */
        public Builder setMethod(
                int order, double gamma, double[][] a, double[][] c, double[] weights) {
            this.order = order;
            this.gamma = gamma;
            this.a = a;
            this.c = c;
            this.weights = weights;
            return this;
        }

        /**
         * Sets the time nodes and the time-derivative weights (required).
         *
         * @param alpha {@code alpha_i}, {@code s} entries, {@code alpha_0 = 0}
         * @param gammaSum {@code gammaSum_i}, {@code s} entries
         * @return this builder
         */
        public Builder setNodes(double[] alpha, double[] gammaSum) {
            this.alpha = alpha;
            this.gammaSum = gammaSum;
            return this;
        }

        /**
         * Sets the embedded solution used for the error estimate (required).
         *
         * @param embeddedOrder the order of the embedded solution
         * @param embeddedWeights {@code mHat}, {@code s} entries
         * @return this builder
         */
        public Builder setEmbedded(int embeddedOrder, double[] embeddedWeights) {
            this.embeddedOrder = embeddedOrder;
            this.embeddedWeights = embeddedWeights;
            return this;
        }

        /**
         * Sets the method's own continuous extension (required).
         *
         * @param denseOrder the interpolant's order
         * @param polynomial {@code P[i][p]}, the coefficient of {@code theta^(p+1)} in {@code
         *     w_i(theta)}, {@code s} rows
         * @return this builder
         */
        public Builder setDenseOutput(int denseOrder, double[][] polynomial) {
            this.denseOrder = denseOrder;
            this.densePolynomial = polynomial;
            return this;
        }

        /**
         * Builds and checks the tableau.
         *
         * @return the immutable tableau
         * @throws IllegalArgumentException if a part is missing or the coefficients are
         *     inconsistent (the message names the check)
         */
        public RosenbrockTableau build() {
            if (weights == null || alpha == null || embeddedWeights == null
                    || densePolynomial == null) {
                throw new IllegalArgumentException(
                        name + ": setMethod, setNodes, setEmbedded and setDenseOutput are"
                                + " required");
            }
            RosenbrockTableau tableau = new RosenbrockTableau(this);
            RosenbrockConditions.check(tableau);
            return tableau;
        }
    }
}
