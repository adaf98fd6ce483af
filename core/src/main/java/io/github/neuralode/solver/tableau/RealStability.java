package io.github.neuralode.solver.tableau;

/**
 * The real stability boundary of an explicit Runge-Kutta method: the largest {@code x} such that
 * {@code |R(-x')| <= 1} for every {@code 0 < x' <= x}, where {@code R(z) = 1 + z b^T (I - z A)^-1
 * 1} is the method's stability function. A step {@code h} is stable on {@code y' = -lambda y}
 * while {@code h lambda} stays below it (about 2.79 for RK4, 3.31 for Dopri5); stiffness
 * detection compares {@code h} times an estimate of the dominant eigenvalue with it.
 */
final class RealStability {

    private static final double SCAN_STEP = 1e-3;
    private static final double SCAN_LIMIT = 100.0;

    private RealStability() {}

    /**
     * Locates the boundary: a scan in steps of 1e-3, refined by bisection.
     *
     * @param a the strictly lower triangular coefficients, row {@code i} of length {@code i}
     * @param b the weights
     * @return the boundary (at most 100)
     */
    static double boundary(double[][] a, double[] b) {
        double previous = 0.0;
        for (double x = SCAN_STEP; x <= SCAN_LIMIT; x += SCAN_STEP) {
            if (Math.abs(amplification(a, b, -x)) > 1.0) {
                return bisect(a, b, previous, x);
            }
            previous = x;
        }
        return SCAN_LIMIT;
    }

    private static double bisect(double[][] a, double[] b, double stable, double unstable) {
        double low = stable;
        double high = unstable;
        for (int i = 0; i < 60; i++) {
            double middle = 0.5 * (low + high);
            if (Math.abs(amplification(a, b, -middle)) > 1.0) {
                high = middle;
            } else {
                low = middle;
            }
        }
        return low;
    }

    /** {@code R(z)}: forward substitution of {@code (I - z A) g = 1}, then {@code 1 + z b.g}. */
    static double amplification(double[][] a, double[] b, double z) {
        int s = b.length;
        double[] g = new double[s];
        double sum = 0.0;
        for (int i = 0; i < s; i++) {
            double value = 1.0;
            for (int j = 0; j < i; j++) {
                value += z * a[i][j] * g[j];
            }
            g[i] = value;
            sum += b[i] * value;
        }
        return 1.0 + z * sum;
    }
}
