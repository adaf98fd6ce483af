package io.github.neuralode.solver.step;

import ai.djl.ndarray.NDArray;

/**
 * Dense output over one attempted step: the state at fractions {@code theta} of the step, {@code
 * y(t + theta h)}, from the method's own continuous extension (or a Hermite one). Values are
 * recorded on the autograd tape when the step was, so outputs between steps get gradients.
 */
public interface Interpolant {

    /**
     * Evaluates a shared step (one step group) at several fractions in one operation.
     *
     * @param thetas fractions in [0, 1]
     * @return {@code (batch, n, thetas.length)}, fraction {@code j} in column {@code j}
     */
    NDArray atFractions(double[] thetas);

    /**
     * Evaluates every step group at its own fraction.
     *
     * @param thetas one fraction in [0, 1] per step group (0 gives the step's start)
     * @return {@code (batch, n)}
     */
    NDArray atGroupFractions(double[] thetas);
}
