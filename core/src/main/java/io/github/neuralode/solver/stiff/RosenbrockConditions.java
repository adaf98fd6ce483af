package io.github.neuralode.solver.stiff;

import io.github.neuralode.solver.tableau.CoefficientTables;

/**
 * The consistency checks of a {@link RosenbrockTableau}, done in the original form of Hairer and
 * Wanner (Solving ODEs II, Sect. IV.7): {@code Gamma = (I / gamma - C)^-1} (lower triangular,
 * diagonal {@code gamma}), {@code alpha_ij = (a Gamma)_ij}, {@code b = m Gamma}, {@code bHat =
 * mHat Gamma}; with {@code beta_ij = alpha_ij + Gamma_ij} ({@code j < i}), {@code alpha_i = sum_j
 * alpha_ij} and {@code beta_i = sum_j beta_ij} the order conditions of HW Table IV.7.1 read
 *
 * <pre>
 *   order 1:  sum b_i = 1
 *   order 2:  sum b_i beta_i = 1/2 - gamma
 *   order 3:  sum b_i alpha_i^2 = 1/3;  sum b_i beta_ij beta_j = 1/6 - gamma + gamma^2
 *   order 4:  sum b_i alpha_i^3 = 1/4;  sum b_i alpha_i alpha_ij beta_j = 1/8 - gamma/3;
 *             sum b_i beta_ij alpha_j^2 = 1/12 - gamma/3;
 *             sum b_i beta_ij beta_jk beta_k = 1/24 - gamma/2 + 3 gamma^2/2 - gamma^3
 * </pre>
 *
 * <p>All residuals must be below {@value #TOLERANCE} (published coefficients with 16 digits meet
 * them to about {@code 1e-14}).
 */
final class RosenbrockConditions {

    /** The largest residual accepted in any check. */
    static final double TOLERANCE = 1e-10;

    private RosenbrockConditions() {}

    /**
     * Checks the nodes, the order conditions of both solutions and the end of the dense output.
     *
     * @param tableau a tableau whose shapes were already checked
     * @throws IllegalArgumentException naming the first violated check and its residual
     */
    static void check(RosenbrockTableau tableau) {
        int s = tableau.stages();
        double[][] gammaMatrix = gammaMatrix(tableau);
        double[][] alphaMatrix = new double[s][s];
        for (int i = 0; i < s; i++) {
            double[] row = tableau.a(i);
            for (int j = 0; j < i; j++) {
                for (int k = j; k < i; k++) {
                    alphaMatrix[i][j] += row[k] * gammaMatrix[k][j];
                }
            }
        }
        double[] alpha = tableau.alpha();
        double[] gammaSum = tableau.gammaSum();
        for (int i = 0; i < s; i++) {
            require(tableau, "node alpha_" + i + " = sum_j alpha_ij",
                    CoefficientTables.sum(alphaMatrix[i]) - alpha[i]);
            require(tableau, "gammaSum_" + i + " = sum_j Gamma_ij",
                    CoefficientTables.sum(gammaMatrix[i]) - gammaSum[i]);
        }
        double[] m = tableau.weights();
        double[] e = tableau.errorWeights();
        double[] mHat = new double[s];
        for (int i = 0; i < s; i++) {
            mHat[i] = m[i] - e[i];
        }
        OrderConditions conditions = new OrderConditions(tableau.gamma(), alphaMatrix, gammaMatrix);
        conditions.require(tableau, "weights", times(m, gammaMatrix), tableau.order());
        conditions.require(
                tableau, "embedded weights", times(mHat, gammaMatrix), tableau.embeddedOrder());
        double[] end = tableau.denseWeights(1.0);
        for (int i = 0; i < s; i++) {
            require(tableau, "dense output at theta = 1: w_" + i + "(1) = m_" + i,
                    (end[i] - m[i]) / Math.max(1.0, Math.abs(m[i])));
        }
    }

    /** {@code Gamma = (I / gamma - C)^-1} by forward substitution. */
    private static double[][] gammaMatrix(RosenbrockTableau tableau) {
        int s = tableau.stages();
        double gamma = tableau.gamma();
        double[][] inverse = new double[s][s];
        for (int j = 0; j < s; j++) {
            inverse[j][j] = gamma;
            for (int i = j + 1; i < s; i++) {
                double[] row = tableau.c(i);
                double total = 0.0;
                for (int k = j; k < i; k++) {
                    total += row[k] * inverse[k][j];
                }
                inverse[i][j] = gamma * total;
            }
        }
        return inverse;
    }

    private static void require(RosenbrockTableau tableau, String check, double residual) {
        if (!(Math.abs(residual) <= TOLERANCE)) {
            throw new IllegalArgumentException(
                    tableau.name() + ": check " + check + " fails, residual " + residual);
        }
    }

    private static double[] times(double[] row, double[][] matrix) {
        double[] product = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            for (int j = 0; j <= i; j++) {
                product[j] += row[i] * matrix[i][j];
            }
        }
        return product;
    }

    /** The trees of HW Table IV.7.1 up to order 4, evaluated for one set of weights. */
    private static final class OrderConditions {

        private final double gamma;
        private final double[][] alphaMatrix;
        private final double[][] beta;
        private final double[] alpha;
        private final double[] betaSum;

        OrderConditions(double gamma, double[][] alphaMatrix, double[][] gammaMatrix) {
            int s = alphaMatrix.length;
            this.gamma = gamma;
            this.alphaMatrix = alphaMatrix;
            this.beta = new double[s][s];
            this.alpha = new double[s];
            this.betaSum = new double[s];
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < i; j++) {
                    beta[i][j] = alphaMatrix[i][j] + gammaMatrix[i][j];
                }
                alpha[i] = CoefficientTables.sum(alphaMatrix[i]);
                betaSum[i] = CoefficientTables.sum(beta[i]);
            }
        }

        void require(RosenbrockTableau tableau, String label, double[] b, int order) {
            double g = gamma;
            double[] alphaSquared = power(alpha, 2);
            check(tableau, label, 1, "sum b_i = 1", dot(b, ones()) - 1.0, order);
            check(tableau, label, 2, "sum b_i beta_i = 1/2 - gamma",
                    dot(b, betaSum) - (0.5 - g), order);
            check(tableau, label, 3, "sum b_i alpha_i^2 = 1/3",
                    dot(b, alphaSquared) - 1.0 / 3, order);
            check(tableau, label, 3, "sum b_i beta_ij beta_j = 1/6 - gamma + gamma^2",
                    dot(b, apply(beta, betaSum)) - (1.0 / 6 - g + g * g), order);
            check(tableau, label, 4, "sum b_i alpha_i^3 = 1/4",
                    dot(b, power(alpha, 3)) - 0.25, order);
            check(tableau, label, 4, "sum b_i alpha_i alpha_ij beta_j = 1/8 - gamma/3",
                    dot(b, multiply(alpha, apply(alphaMatrix, betaSum))) - (0.125 - g / 3), order);
            check(tableau, label, 4, "sum b_i beta_ij alpha_j^2 = 1/12 - gamma/3",
                    dot(b, apply(beta, alphaSquared)) - (1.0 / 12 - g / 3), order);
            check(tableau, label, 4,
                    "sum b_i beta_ij beta_jk beta_k = 1/24 - gamma/2 + 3 gamma^2/2 - gamma^3",
                    dot(b, apply(beta, apply(beta, betaSum)))
                            - (1.0 / 24 - g / 2 + 1.5 * g * g - g * g * g),
                    order);
        }

        private static void check(
                RosenbrockTableau tableau,
                String label,
                int conditionOrder,
                String condition,
                double residual,
                int order) {
            if (conditionOrder <= order) {
                RosenbrockConditions.require(
                        tableau, label + " order " + conditionOrder + " (" + condition + ")",
                        residual);
            }
        }

        private double[] ones() {
            double[] ones = new double[alpha.length];
            java.util.Arrays.fill(ones, 1.0);
            return ones;
        }

        private static double[] apply(double[][] matrix, double[] vector) {
            double[] result = new double[vector.length];
            for (int i = 0; i < vector.length; i++) {
                result[i] = dot(matrix[i], vector);
            }
            return result;
        }

        private static double[] power(double[] values, int exponent) {
            double[] result = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                result[i] = Math.pow(values[i], exponent);
            }
            return result;
        }

        private static double[] multiply(double[] x, double[] y) {
            double[] result = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                result[i] = x[i] * y[i];
            }
            return result;
        }

        private static double dot(double[] x, double[] y) {
            double total = 0.0;
            for (int i = 0; i < x.length; i++) {
                total += x[i] * y[i];
            }
            return total;
        }
    }
}
