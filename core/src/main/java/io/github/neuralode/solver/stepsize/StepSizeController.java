package io.github.neuralode.solver.stepsize;

/**
 * Chooses step sizes: either a {@link ConstantStepSize} grid or the adaptive {@link
 * PidController}. Controllers are immutable configuration; whatever changes from step to step
 * lives in explicit state records owned by the solve loop.
 */
public sealed interface StepSizeController permits ConstantStepSize, PidController {

    /**
     * Returns whether the controller needs an embedded error estimate (adaptive stepping).
     *
     * @return {@code true} for adaptive controllers
     */
    boolean isAdaptive();
}
