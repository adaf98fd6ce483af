package io.github.neuralode.solver.rk;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.solver.step.StepperState;

import java.util.List;

/**
 * The state of an explicit Runge-Kutta method between steps: the derivative at the start of the
 * next step, {@code k0 = f(t, y)} {@code (batch, n)} (for FSAL methods the last stage of the step
 * before, so it costs no extra evaluation).
 *
 * @param k0 the derivative at the current state
 */
public record RkState(NDArray k0) implements StepperState {

    /** {@inheritDoc} */
    @Override
    public NDArray derivative() {
        return k0;
    }

    /** {@inheritDoc} */
    @Override
    public List<NDArray> arrays() {
        return List.of(k0);
    }
}
