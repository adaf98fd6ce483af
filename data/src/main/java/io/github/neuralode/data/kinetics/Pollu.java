package io.github.neuralode.data.kinetics;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * POLLU, Verwer's air pollution model (J. G. Verwer, SIAM J. Sci. Comput. 15, 1994; Test Set for
 * IVP Solvers, F. Mazzia et al., Bari): 20 species, 25 mass-action reactions, usually integrated
 * on {@code [0, 60]}. Species and reactions are numbered from 1 in the Javadoc and the literature
 * and from 0 in the arrays.
 */
public final class Pollu {

    /**
     * The 25 reactions {@code r_1 .. r_25} with the Test Set's rate constants, each written as
     * reactants and products so that its net effect is the Test Set's right-hand side.
     */
    public static final ReactionNetwork NETWORK =
            new ReactionNetwork(
                    20,
                    List.of(
                            new Reaction(0.35, species(1), species(2, 3)),
                            new Reaction(26.6, species(2, 4), species(1)),
                            new Reaction(1.23e4, species(5, 2), species(1, 6)),
                            new Reaction(8.6e-4, species(7), species(5, 5, 8)),
                            new Reaction(8.2e-4, species(7), species(8)),
                            new Reaction(1.5e4, species(7, 6), species(5, 8)),
                            new Reaction(1.3e-4, species(9), species(5, 8, 10)),
                            new Reaction(2.4e4, species(9, 6), species(11)),
                            new Reaction(1.65e4, species(11, 2), species(1, 10, 12)),
                            new Reaction(9.0e3, species(11, 1), species(13)),
                            new Reaction(2.2e-2, species(13), species(1, 11)),
                            new Reaction(1.2e4, species(10, 2), species(1, 14)),
                            new Reaction(1.88, species(14), species(5, 7)),
                            new Reaction(1.63e4, species(1, 6), species(15)),
                            new Reaction(4.8e6, species(3), species(4)),
                            new Reaction(3.5e-4, species(4), species(16)),
                            new Reaction(1.75e-2, species(4), species(3)),
                            new Reaction(1.0e8, species(16), species(6, 6)),
                            new Reaction(4.44e11, species(16), species(3)),
                            new Reaction(1.24e3, species(17, 6), species(5, 18)),
                            new Reaction(2.1, species(19), species(2)),
                            new Reaction(5.78, species(19), species(1, 3)),
                            new Reaction(4.74e-2, species(1, 4), species(19)),
                            new Reaction(1.78e3, species(19, 1), species(20)),
                            new Reaction(3.12, species(20), species(1, 19))));

    /** The smallest factor of {@link #perturbedInitialStates}. */
    public static final double SMALLEST_FACTOR = 0.9;

    /** The bound on the factors of {@link #perturbedInitialStates} (excluded). */
    public static final double LARGEST_FACTOR = 1.1;

    private Pollu() {}

    /**
     * Returns the initial state: all zero except {@code y2 = 0.2}, {@code y4 = 0.04}, {@code y7 =
     * 0.1}, {@code y8 = 0.3}, {@code y9 = 0.01}, {@code y17 = 0.007}.
     *
     * @return 20 concentrations
     */
    public static double[] initialState() {
        double[] state = new double[20];
        state[1] = 0.2;
        state[3] = 0.04;
        state[6] = 0.1;
        state[7] = 0.3;
        state[8] = 0.01;
        state[16] = 0.007;
        return state;
    }

    /**
     * Returns the stiff benchmark's batch: every nonzero initial concentration of every sample
     * multiplied by its own factor drawn uniformly from {@code [0.9, 1.1)}; zeros stay zero.
     *
     * @param batch the number of samples, at least 1
     * @param seed the seed of the factors (the same seed gives the same batch)
     * @return {@code batch} rows of 20 concentrations
     */
    public static double[][] perturbedInitialStates(int batch, long seed) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        Random random = new Random(seed);
        double[][] states = new double[batch][];
        for (int b = 0; b < batch; b++) {
            states[b] = initialState();
            for (int i = 0; i < states[b].length; i++) {
                if (states[b][i] != 0) {
                    states[b][i] *= SMALLEST_FACTOR + (LARGEST_FACTOR - SMALLEST_FACTOR) * random.nextDouble();
                }
            }
        }
        return states;
    }

    /** Converts species numbers 1..20 to indices. */
    private static int[] species(int... numbers) {
        return Arrays.stream(numbers).map(i -> i - 1).toArray();
    }
}
