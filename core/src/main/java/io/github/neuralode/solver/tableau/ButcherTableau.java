package io.github.neuralode.solver.tableau;

import java.util.Arrays;

/**
 * An explicit Runge-Kutta method as immutable, self-checking data.
 *
 * <pre>
 *   c0 |
 *   c1 | a10
 *   c2 | a20 a21
 *   .. | ...
 *   ---+----------------
 *      | b0  b1  ... b(s-1)        (the propagated solution, order p)
 *      | e0  e1  ... e(s-1) [eE]   (error weights b - bHat of the embedded solution)
 * </pre>
 *
 * <p>Conventions: stage {@code i} evaluates {@code k_i = f(t + c_i h, y + h sum_j a_ij k_j)}; the
 * step returns {@code y1 = y + h sum_i b_i k_i}. The method is FSAL (first same as last) when its
 * last stage is evaluated at {@code (t + h, y1)}; this is derived from the coefficients, not
 * declared.
 *
 * <p><b>Extended stages.</b> Every step also provides {@code kEnd = f(t + h, y1)}, which is the next
 * step's first stage: for FSAL methods it is the last stage, otherwise one extra evaluation that
 * the next step reuses. The {@code E} extended stages are the {@code s} stages followed, for
 * non-FSAL methods, by {@code kEnd}. Error weights and dense-output weights are indexed over them.
 *
 * <p><b>Dense output.</b> Between {@code t} and {@code t + h} the solution is {@code y(t + theta
 * h) = y + h sum_i w_i(theta) k_i} with {@code w_i(theta) = sum_p P[i][p] theta^(p+1)}. The
 * polynomial table {@code P} is the method's own continuous extension where it has one (Dopri5),
 * otherwise the cubic Hermite interpolant through {@code (y, k_0)} and {@code (y1, kEnd)}.
 */
public final class ButcherTableau {

    private static final double TOLERANCE = 1e-12;

    private final String name;
    private final String shortName;
    private final int order;
    private final int embeddedOrder;
    private final int denseOrder;
    private final double[] c;
    private final double[][] a;
    private final double[] b;
    private final double[] errorWeights;
    private final double[][] densePolynomial;
    private final boolean fsal;
    private final double realStabilityBoundary;

    private ButcherTableau(Builder builder) {
        this.name = builder.name;
        this.shortName = builder.shortName;
        this.order = builder.order;
        this.c = builder.c.clone();
        this.a = CoefficientTables.copy(builder.a);
        this.b = builder.b.clone();
        checkConsistency();
        int s = c.length;
        this.fsal = s > 1 && c[s - 1] == 1.0 && Arrays.equals(a[s - 1], Arrays.copyOf(b, s - 1))
                && b[s - 1] == 0.0;
        int extended = fsal ? s : s + 1;
        this.embeddedOrder = builder.bHat == null ? 0 : builder.embeddedOrder;
        this.errorWeights = builder.bHat == null ? null : errorWeights(builder.bHat, extended);
        if (builder.densePolynomial != null) {
            this.densePolynomial = CoefficientTables.copy(builder.densePolynomial);
            this.denseOrder = builder.denseOrder;
        } else {
            this.densePolynomial = hermitePolynomial(extended);
            this.denseOrder = Math.min(3, order);
        }
        if (densePolynomial.length != extended) {
            throw new IllegalArgumentException(
                    name + ": dense-output table needs " + extended + " rows (extended stages)");
        }
        this.realStabilityBoundary = RealStability.boundary(rowsOfA(), b);
    }

    private double[][] rowsOfA() {
        double[][] rows = new double[c.length][];
        rows[0] = new double[0];
        for (int i = 1; i < c.length; i++) {
            rows[i] = a(i);
        }
        return rows;
    }

    /**
     * Returns the real stability boundary: the largest {@code h lambda} for which steps on {@code
     * y' = -lambda y} stay stable (about 2.0 for Euler and Heun, 2.79 for RK4, 3.31 for Dopri5).
     *
     * @return the boundary, positive
     */
    public double realStabilityBoundary() {
        return realStabilityBoundary;
    }

    /**
     * Starts a tableau definition.
     *
     * @param name the long name, e.g. "Dormand-Prince 5(4)"
     * @param shortName the short name users know, e.g. "dopri5"
     * @return a builder
     */
    public static Builder builder(String name, String shortName) {
        return new Builder(name, shortName);
    }

    private void checkConsistency() {
        int s = c.length;
        if (s == 0 || a.length != s || b.length != s || c[0] != 0.0) {
            throw new IllegalArgumentException(
                    name + ": need s >= 1 stages with c0 = 0 and s rows of A and s weights b");
        }
        for (int i = 0; i < s; i++) {
            if (a[i].length != i) {
                throw new IllegalArgumentException(
                        name + ": row " + i + " of A must have " + i + " entries (explicit method)");
            }
            if (Math.abs(CoefficientTables.sum(a[i]) - c[i]) > TOLERANCE) {
                throw new IllegalArgumentException(
                        name + ": row " + i + " of A must sum to c" + i + " = " + c[i]);
            }
        }
        if (Math.abs(CoefficientTables.sum(b) - 1.0) > TOLERANCE) {
            throw new IllegalArgumentException(name + ": weights b must sum to 1");
        }
    }

    private double[] errorWeights(double[] bHat, int extended) {
        if (bHat.length != c.length && bHat.length != extended) {
            throw new IllegalArgumentException(
                    name + ": embedded weights need " + c.length + " or " + extended + " entries");
        }
        double[] e = new double[extended];
        for (int i = 0; i < extended; i++) {
            double bi = i < b.length ? b[i] : 0.0;
            double hi = i < bHat.length ? bHat[i] : 0.0;
            e[i] = bi - hi;
        }
        if (Math.abs(CoefficientTables.sum(e)) > TOLERANCE) {
            throw new IllegalArgumentException(name + ": embedded weights must sum to 1");
        }
        return e;
    }

    /** Cubic Hermite weights: h01(theta) b_i + h10(theta) [i = 0] + h11(theta) [i = E-1]. */
    private double[][] hermitePolynomial(int extended) {
        double[][] p = new double[extended][3];
        for (int i = 0; i < extended; i++) {
            double bi = i < b.length ? b[i] : 0.0;
            double first = i == 0 ? 1.0 : 0.0;
            double last = i == extended - 1 ? 1.0 : 0.0;
            p[i][0] = first;
            p[i][1] = 3 * bi - 2 * first - last;
            p[i][2] = -2 * bi + first + last;
        }
        return p;
    }

    /**
     * Returns the dense-output weights {@code w_i(theta)} over the extended stages.
     *
     * @param theta the fraction of the step, in [0, 1]
     * @return {@code E} weights such that {@code y(t + theta h) = y + h sum_i w_i k_i}
     */
    public double[] denseWeights(double theta) {
        return CoefficientTables.polynomialWeights(densePolynomial, theta);
    }

    /**
     * Returns the long name.
     *
     * @return e.g. "Dormand-Prince 5(4)"
     */
    public String name() {
        return name;
    }

    /**
     * Returns the short name.
     *
     * @return e.g. "dopri5"
     */
    public String shortName() {
        return shortName;
    }

    /**
     * Returns the order of the propagated solution.
     *
     * @return the classical order p
     */
    public int order() {
        return order;
    }

    /**
     * Returns the order of the embedded solution used for error estimates.
     *
     * @return the embedded order, 0 when the method has no error estimate
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
     * Returns whether the method has an embedded error estimate (can run adaptively).
     *
     * @return {@code true} if error weights exist
     */
    public boolean isAdaptive() {
        return errorWeights != null;
    }

    /**
     * Returns whether the last stage is {@code f(t + h, y1)} (first same as last).
     *
     * @return {@code true} for FSAL methods
     */
    public boolean isFsal() {
        return fsal;
    }

    /**
     * Returns the number of stages {@code s}.
     *
     * @return the stage count
     */
    public int stages() {
        return c.length;
    }

    /**
     * Returns the number of extended stages {@code E} ({@code s}, plus one if not FSAL).
     *
     * @return the extended stage count
     */
    public int extendedStages() {
        return fsal ? c.length : c.length + 1;
    }

    /**
     * Returns a copy of the nodes.
     *
     * @return {@code c}, length {@code s}
     */
    public double[] c() {
        return c.clone();
    }

    /**
     * Returns a copy of row {@code i} of the stage matrix.
     *
     * @param i the stage index
     * @return {@code a_i0 ... a_i(i-1)}
     */
    public double[] a(int i) {
        return a[i].clone();
    }

    /**
     * Returns a copy of the solution weights.
     *
     * @return {@code b}, length {@code s}
     */
    public double[] b() {
        return b.clone();
    }

    /**
     * Returns a copy of the error weights {@code b - bHat} over the extended stages.
     *
     * @return length {@code E}
     * @throws IllegalStateException if the method has no embedded error estimate
     */
    public double[] errorWeights() {
        if (errorWeights == null) {
            throw new IllegalStateException(
                    name + " has no error estimate: use a constant step size or an embedded method"
                            + " such as dopri5");
        }
        return errorWeights.clone();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return name;
    }

    /** Collects the coefficients of a tableau; {@link #build()} checks them. */
    public static final class Builder {

        private final String name;
        private final String shortName;
        private int order;
        private int embeddedOrder;
        private int denseOrder;
        private double[] c;
        private double[][] a;
        private double[] b;
        private double[] bHat;
        private double[][] densePolynomial;

        private Builder(String name, String shortName) {
            this.name = name;
            this.shortName = shortName;
        }

        /**
         * Sets the nodes, the lower-triangular stage matrix (row i has i entries) and the weights.
         *
         * @param order the classical order of the method
         * @param c the nodes, {@code c0 = 0}
         * @param a the stage matrix rows
         * @param b the weights
         * @return this builder
         */
        public Builder setMethod(int order, double[] c, double[][] a, double[] b) {
            this.order = order;
            this.c = c;
            this.a = a;
            this.b = b;
            return this;
        }

        /**
         * Sets the embedded weights; a trailing entry multiplies {@code kEnd} for non-FSAL methods.
         *
         * @param embeddedOrder the order of the embedded solution
         * @param bHat the embedded weights
         * @return this builder
         */
        public Builder optEmbedded(int embeddedOrder, double[] bHat) {
            this.embeddedOrder = embeddedOrder;
            this.bHat = bHat;
            return this;
        }

        /**
         * Sets a continuous extension (default: cubic Hermite).
         *
         * @param denseOrder the interpolant's order
         * @param polynomial {@code P[i][p]}, the coefficient of {@code theta^(p+1)} in {@code w_i}
         * @return this builder
         */
        public Builder optDenseOutput(int denseOrder, double[][] polynomial) {
            this.denseOrder = denseOrder;
            this.densePolynomial = polynomial;
            return this;
        }

        /**
         * Builds and checks the tableau.
         *
         * @return the immutable tableau
         * @throws IllegalArgumentException if the coefficients are inconsistent
         */
        public ButcherTableau build() {
            if (c == null) {
                throw new IllegalArgumentException(name + ": setMethod(...) is required");
            }
            return new ButcherTableau(this);
        }
    }
}
