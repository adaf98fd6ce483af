package io.github.neuralode.solver.step;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * What a {@link Stepper} carries from one step to the next. The solve loop owns the arrays: it
 * moves them to the solve's memory scope and closes those that no later step uses.
 */
public interface StepperState {

    /**
     * Returns the derivative {@code f(t, y)} at the state's point, {@code (batch, n)}, which every
     * method here keeps (the first stage of its next step); the loop's automatic first step reads
     * it instead of evaluating the field again.
     *
     * @return the derivative at the current state
     */
    NDArray derivative();

    /**
     * Returns the arrays this state holds.
     *
     * @return the arrays, each {@code (batch, ...)}
     */
    List<NDArray> arrays();
}
