package io.github.neuralode.models.homotopy;

/**
 * Solves {@code A x = b} for a symmetric positive definite pentadiagonal matrix {@code A} (half
 * bandwidth 2) by a banded Cholesky factorisation {@code A = L L^T}, in plain Java doubles.
 *
 * <p>{@code L} is lower triangular with the same band, so the factorisation and the two
 * triangular solves cost {@code O(m)} for an {@code m x m} matrix, against {@code O(m^3)} for a
 * dense LU. Used by {@link SmoothingSpline} for the Reinsch system {@code (R + alpha Q^T Q) gamma
 * = Q^T y}, which is symmetric positive definite for every {@code alpha >= 0}.
 */
final class PentadiagonalCholesky {

    private final double[] diagonal;
    private final double[] first;
    private final double[] second;

    /**
     * Factorises {@code A}.
     *
     * @param diagonal {@code A[i][i]}, length {@code m >= 1}
     * @param upper1 {@code A[i][i+1]}, length at least {@code m - 1}
     * @param upper2 {@code A[i][i+2]}, length at least {@code m - 2}
     */
    PentadiagonalCholesky(double[] diagonal, double[] upper1, double[] upper2) {
        int m = diagonal.length;
        this.diagonal = new double[m];
        this.first = new double[m];
        this.second = new double[m];
        for (int i = 0; i < m; i++) {
            if (i >= 2) {
                second[i] = upper2[i - 2] / this.diagonal[i - 2];
            }
            if (i >= 1) {
                first[i] = (upper1[i - 1] - second[i] * first[i - 1]) / this.diagonal[i - 1];
            }
            this.diagonal[i] =
                    Math.sqrt(diagonal[i] - first[i] * first[i] - second[i] * second[i]);
        }
    }

    /**
     * Solves {@code A x = b} for one right-hand side.
     *
     * @param b the right-hand side, length {@code m}
     * @return {@code x}, length {@code m}
     */
    double[] solve(double[] b) {
        int m = diagonal.length;
        double[] z = new double[m];
        for (int i = 0; i < m; i++) {
            double sum = b[i];
            if (i >= 1) {
                sum -= first[i] * z[i - 1];
            }
            if (i >= 2) {
                sum -= second[i] * z[i - 2];
            }
            z[i] = sum / diagonal[i];
        }
        double[] x = new double[m];
        for (int i = m - 1; i >= 0; i--) {
            double sum = z[i];
            if (i + 1 < m) {
                sum -= first[i + 1] * x[i + 1];
            }
            if (i + 2 < m) {
                sum -= second[i + 2] * x[i + 2];
            }
            x[i] = sum / diagonal[i];
        }
        return x;
    }
}
