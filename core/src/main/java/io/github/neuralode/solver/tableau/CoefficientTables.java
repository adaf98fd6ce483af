package io.github.neuralode.solver.tableau;

/**
 * Small helpers shared by the coefficient tables of one-step methods (Butcher and Rosenbrock
 * tableaux): defensive copies, sums, and the evaluation of dense-output weight polynomials.
 */
public final class CoefficientTables {

    private CoefficientTables() {}

    /**
     * Copies a table row by row.
     *
     * @param rows the table (rows may differ in length)
     * @return an independent copy
     */
    public static double[][] copy(double[][] rows) {
        double[][] copy = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }

    /**
     * Adds up values.
     *
     * @param values the values
     * @return their sum
     */
    public static double sum(double[] values) {
        double total = 0.0;
        for (double v : values) {
            total += v;
        }
        return total;
    }

    /**
     * Evaluates dense-output weights {@code w_i(theta) = sum_p P[i][p] theta^(p+1)}.
     *
     * @param polynomial the table {@code P}, one row per stage
     * @param theta the fraction of the step
     * @return one weight per row
     */
    public static double[] polynomialWeights(double[][] polynomial, double theta) {
        double[] w = new double[polynomial.length];
        for (int i = 0; i < w.length; i++) {
            double power = theta;
            for (double coefficient : polynomial[i]) {
                w[i] += coefficient * power;
                power *= theta;
            }
        }
        return w;
    }
}
