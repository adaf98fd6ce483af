package io.github.neuralode.models.lookahead;

import java.util.Random;

/**
 * The test problem of "Optimizing neural ODEs with the Lookahead optimizer": the dynamics
 * {@code dz/dt = sigmoid(W z + b)}, {@code z in R^2}, discretised by explicit Euler with {@code h
 * = 0.2} on {@code [0, 2]} (10 steps) from {@code z0 = (1, 2)}, and the loss {@code L = ||z(2) -
 * (2, 4)||^2}.
 *
 * <p>Gradients come from the hand-written discrete adjoint of the Euler scheme (exact for the
 * discrete map, so it equals autograd through the same steps up to round-off). Everything is in
 * Java {@code double}; parameters are {@code W} (2 x 2, row-major {@code W[i][j]} multiplies
 * {@code z_j} in row {@code i}) and {@code b} (2).
 */
public final class SigmoidEulerProblem {

    /** The Euler step size. */
    public static final double STEP = 0.2;
    /** The number of Euler steps from t = 0 to t = 2. */
    public static final int STEPS = 10;
    /** The initial state {@code z(0)}. */
    private static final double[] Z0 = {1, 2};
    /** The target {@code z(2)}. */
    private static final double[] TARGET = {2, 4};

    private SigmoidEulerProblem() {}

    /**
     * Returns the initial state.
     *
     * @return a copy of {@code (1, 2)}
     */
    public static double[] initialState() {
        return Z0.clone();
    }

    /**
     * Returns the target state.
     *
     * @return a copy of {@code (2, 4)}
     */
    public static double[] target() {
        return TARGET.clone();
    }

    /**
     * Draws Glorot (Xavier) uniform parameters: {@code W ~ U(-sqrt(6/4), sqrt(6/4))} (fan in 2,
     * fan out 2) and {@code b ~ U(-sqrt(6/3), sqrt(6/3))} (b as a 1 x 2 matrix).
     *
     * @param seed the seed
     * @return the parameters
     */
    public static Parameters glorot(long seed) {
        Random random = new Random(seed);
        double wLimit = Math.sqrt(6.0 / 4);
        double bLimit = Math.sqrt(6.0 / 3);
        double[][] w = new double[2][2];
        for (double[] row : w) {
            for (int j = 0; j < 2; j++) {
                row[j] = (2 * random.nextDouble() - 1) * wLimit;
            }
        }
        double[] b = new double[2];
        for (int i = 0; i < 2; i++) {
            b[i] = (2 * random.nextDouble() - 1) * bLimit;
        }
        return new Parameters(w, b);
    }

    /**
     * Integrates the Euler scheme and returns every state.
     *
     * @param p the parameters
     * @return {@code z[n]} for n = 0..10
     */
    public static double[][] trajectory(Parameters p) {
        double[][] z = new double[STEPS + 1][];
        z[0] = Z0.clone();
        for (int n = 0; n < STEPS; n++) {
            double[] s = sigmoid(preActivation(p, z[n]));
            z[n + 1] = new double[] {z[n][0] + STEP * s[0], z[n][1] + STEP * s[1]};
        }
        return z;
    }

    /**
     * Returns the loss {@code ||z(2) - target||^2}.
     *
     * @param p the parameters
     * @return the loss
     */
    public static double loss(Parameters p) {
        double[] end = trajectory(p)[STEPS];
        double d0 = end[0] - TARGET[0];
        double d1 = end[1] - TARGET[1];
        return d0 * d0 + d1 * d1;
    }

    /**
     * Returns the loss and its gradient by the discrete adjoint of the Euler scheme:
     * {@code a_10 = 2 (z_10 - target)}, and for n = 9..0 with {@code s = sigmoid(W z_n + b)},
     * {@code d = h a_{n+1} * s (1 - s)}: {@code dL/dW += d z_n^T}, {@code dL/db += d}, {@code a_n =
     * a_{n+1} + W^T d}.
     *
     * @param p the parameters
     * @return the loss and gradients
     */
    public static LossAndGradient lossAndGradient(Parameters p) {
        double[][] z = trajectory(p);
        double[] a = {2 * (z[STEPS][0] - TARGET[0]), 2 * (z[STEPS][1] - TARGET[1])};
        double loss = 0.25 * (a[0] * a[0] + a[1] * a[1]);
        double[][] gw = new double[2][2];
        double[] gb = new double[2];
        double[][] w = p.w();
        for (int n = STEPS - 1; n >= 0; n--) {
            double[] s = sigmoid(preActivation(p, z[n]));
            double[] d = {
                STEP * a[0] * s[0] * (1 - s[0]), STEP * a[1] * s[1] * (1 - s[1])
            };
            for (int i = 0; i < 2; i++) {
                gb[i] += d[i];
                for (int j = 0; j < 2; j++) {
                    gw[i][j] += d[i] * z[n][j];
                }
            }
            a =
                    new double[] {
                        a[0] + w[0][0] * d[0] + w[1][0] * d[1],
                        a[1] + w[0][1] * d[0] + w[1][1] * d[1]
                    };
        }
        return new LossAndGradient(loss, new Parameters(gw, gb));
    }

    private static double[] preActivation(Parameters p, double[] z) {
        double[][] w = p.w();
        double[] b = p.b();
        return new double[] {
            w[0][0] * z[0] + w[0][1] * z[1] + b[0], w[1][0] * z[0] + w[1][1] * z[1] + b[1]
        };
    }

    private static double[] sigmoid(double[] u) {
        return new double[] {1 / (1 + Math.exp(-u[0])), 1 / (1 + Math.exp(-u[1]))};
    }

    /**
     * Parameters (or gradients) of the dynamics.
     *
     * @param w the 2 x 2 weight matrix, row-major
     * @param b the bias, length 2
     */
    public record Parameters(double[][] w, double[] b) {

        /**
         * Returns the parameters as one vector {@code (W00, W01, W10, W11, b0, b1)}.
         *
         * @return the flat vector
         */
        public double[] flat() {
            return new double[] {w[0][0], w[0][1], w[1][0], w[1][1], b[0], b[1]};
        }
    }

    /**
     * A loss with its gradient.
     *
     * @param loss {@code ||z(2) - target||^2}
     * @param gradient {@code dL/dW} and {@code dL/db}
     */
    public record LossAndGradient(double loss, Parameters gradient) {}
}
