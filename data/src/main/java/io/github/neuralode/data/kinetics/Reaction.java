package io.github.neuralode.data.kinetics;

import java.util.Arrays;

/**
 * One mass-action reaction: {@code reactants -> products} at the rate {@code k y_p} (one reactant
 * {@code p}) or {@code k y_p y_q} (two, possibly the same species twice). Each occurrence of a
 * species among the reactants consumes one unit of it and each occurrence among the products
 * creates one, so a catalyst appears on both sides and {@code 2 A -> A + B} is written with
 * reactants {@code (A, A)} and products {@code (A, B)}. The arrays are copied in and out;
 * equality compares them by identity, as for any record.
 *
 * @param rateConstant {@code k}, finite and non-negative, in the units of the state and time
 * @param reactants one or two species indices (0-based)
 * @param products species indices (0-based, repeated for a coefficient above 1), possibly none
 */
public record Reaction(double rateConstant, int[] reactants, int[] products) {

    /**
     * Checks and copies the reaction.
     *
     * @throws IllegalArgumentException for a negative or non-finite rate constant, no or more than
     *     two reactants, or a negative species index
     */
    public Reaction {
        if (!(rateConstant >= 0 && Double.isFinite(rateConstant))) {
            throw new IllegalArgumentException(
                    "rate constant must be finite and non-negative, got " + rateConstant);
        }
        if (reactants.length < 1 || reactants.length > 2) {
            throw new IllegalArgumentException(
                    "mass action needs one or two reactants, got " + Arrays.toString(reactants));
        }
        reactants = reactants.clone();
        products = products.clone();
        if (Arrays.stream(reactants).anyMatch(i -> i < 0)
                || Arrays.stream(products).anyMatch(i -> i < 0)) {
            throw new IllegalArgumentException(
                    "species indices must be non-negative, got reactants "
                            + Arrays.toString(reactants) + " and products " + Arrays.toString(products));
        }
    }

    /**
     * Returns the reactants.
     *
     * @return a copy of the one or two species indices
     */
    @Override
    public int[] reactants() {
        return reactants.clone();
    }

    /**
     * Returns the products.
     *
     * @return a copy of the species indices
     */
    @Override
    public int[] products() {
        return products.clone();
    }

    /**
     * Returns the largest species index the reaction names.
     *
     * @return the index, at least 0
     */
    int largestSpecies() {
        return Math.max(
                Arrays.stream(reactants).max().orElse(0), Arrays.stream(products).max().orElse(0));
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return Arrays.toString(reactants) + " -> " + Arrays.toString(products) + " at " + rateConstant;
    }
}
