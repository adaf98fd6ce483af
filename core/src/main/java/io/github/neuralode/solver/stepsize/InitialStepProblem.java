package io.github.neuralode.solver.stepsize;

/**
 * What a {@link StepSizeController} may look at to choose the first step, per step group: scaled
 * norms of the initial state and derivative, and a trial step. The solve loop provides it; norms
 * use the controller's {@link ErrorNorm} (scaled by the initial state) and, for a shared step,
 * are reduced over the batch like error ratios. Everything here runs off the tape.
 */
public interface InitialStepProblem {

    /**
     * Returns the number of step groups (1 for a shared step, the batch size per sample).
     *
     * @return the group count
     */
    int groups();

    /**
     * Returns the order of the method.
     *
     * @return the order, at least 1
     */
    int order();

    /**
     * Returns the scaled norm of the initial state, {@code ||y0||}.
     *
     * @return one norm per step group
     */
    double[] stateNorm();

    /**
     * Returns the scaled norm of the initial derivative, {@code ||f(t0, y0)||}.
     *
     * @return one norm per step group
     */
    double[] derivativeNorm();

    /**
     * Takes an explicit Euler trial step of magnitude {@code h} and returns the scaled norm of the
     * change of the derivative, {@code ||f(t0 + h, y0 + h f(t0, y0)) - f(t0, y0)||} (one
     * evaluation of the vector field).
     *
     * @param h one positive magnitude per step group
     * @return one norm per step group
     */
    double[] derivativeChangeNorm(double[] h);
}
