package io.github.neuralode.data.kinetics;

import java.util.List;

/**
 * ROBER, Robertson's autocatalytic reaction (Test Set for IVP Solvers, F. Mazzia et al., Bari):
 * {@code y1' = -k1 y1 + k3 y2 y3}, {@code y2' = k1 y1 - k2 y2^2 - k3 y2 y3}, {@code y3' = k2
 * y2^2} with {@code k = (0.04, 3e7, 1e4)} and {@code y(0) = (1, 0, 0)}; 3 species, stiff from the
 * start, usually integrated to {@code t = 1e5} or {@code 1e11}. The sum of the species is
 * conserved.
 */
public final class Rober {

    /** The reactions {@code y1 -> y2}, {@code 2 y2 -> y2 + y3}, {@code y2 + y3 -> y1 + y3}. */
    public static final ReactionNetwork NETWORK =
            new ReactionNetwork(
                    3,
                    List.of(
                            new Reaction(0.04, new int[] {0}, new int[] {1}),
                            new Reaction(3e7, new int[] {1, 1}, new int[] {1, 2}),
                            new Reaction(1e4, new int[] {1, 2}, new int[] {0, 2})));

    /** The largest initial {@code y2} of {@link #perturbedInitialStates}. */
    public static final double LARGEST_PERTURBATION = 1e-3;

    private Rober() {}

    /**
     * Returns the initial state.
     *
     * @return {@code (1, 0, 0)}
     */
    public static double[] initialState() {
        return new double[] {1, 0, 0};
    }

    /**
     * Returns the stiff benchmark's batch: {@code y0 = (1 - a, a, 0)} with {@code a} spread evenly
     * over {@code [0, 1e-3]}, the first sample unperturbed and the last at {@code a = 1e-3}.
     *
     * @param batch the number of samples, at least 1 (one sample is the unperturbed state)
     * @return {@code batch} rows of 3 concentrations, each summing to 1
     */
    public static double[][] perturbedInitialStates(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        double[][] states = new double[batch][];
        for (int b = 0; b < batch; b++) {
            double a = batch == 1 ? 0 : LARGEST_PERTURBATION * b / (batch - 1);
            states[b] = new double[] {1 - a, a, 0};
        }
        return states;
    }

    /**
     * Returns the reference solution from {@code y(0) = (1, 0, 0)} at {@code t = 40}, {@code 1e5}
     * or {@code 1e11}: at {@code 1e11} the Test Set's RADAU5 values (rtol = atol = h0 = 1.1e-18);
     * at 40 and 1e5 SciPy's Radau at rtol 1e-12 with an analytic Jacobian, which continued to
     * {@code 1e11} agrees with the Test Set to 10 digits (as listed in the project's shared {@code
     * data/reference/README.md}).
     *
     * @param t 40, 1e5 or 1e11
     * @return {@code (y1, y2, y3)} at {@code t}
     * @throws IllegalArgumentException for any other time
     */
    public static double[] reference(double t) {
        if (t == 40) {
            return new double[] {0.7158270687, 9.185534765e-06, 0.2841637457};
        }
        if (t == 1e5) {
            return new double[] {1.786592114e-02, 7.27475147e-08, 9.82134006110e-01};
        }
        if (t == 1e11) {
            return new double[] {
                0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050
            };
        }
        throw new IllegalArgumentException(
                "ROBER reference values exist at t = 40, 1e5 and 1e11, not at " + t);
    }
}
