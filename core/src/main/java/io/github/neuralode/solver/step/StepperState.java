package io.github.neuralode.solver.step;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * What a {@link Stepper} carries from one step to the next. The solve loop owns the arrays: it
 * moves them to the solve's memory scope and closes those that no later step uses.
 */
public interface StepperState {

    /**
     * Returns the derivative {@code f(t, y)} at the state's point, {@code (batch, n)}: the first
     * stage of the next step, kept by every method here after {@link Stepper#init}; the loop's
     * automatic first step reads it instead of evaluating the field again. A fixed-step explicit
     * method without dense output may defer it after a step (null), leaving it to its next step.
     *
     * @return the derivative at the current state, never null right after {@code init}
     */
    NDArray derivative();

    /**
     * Returns the arrays this state holds.
     *
     * @return the arrays, each {@code (batch, ...)}
     */
    List<NDArray> arrays();
}
