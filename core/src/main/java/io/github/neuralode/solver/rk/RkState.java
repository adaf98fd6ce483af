package io.github.neuralode.solver.rk;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.solver.step.StepperState;

import java.util.List;

/**
 * The state of an explicit Runge-Kutta method between steps: the derivative at the start of the
 * next step, {@code k0 = f(t, y)} {@code (batch, n)} (for FSAL methods the last stage of the step
 * before, so it costs no extra evaluation). A non-FSAL method without an error estimate defers it
 * when no dense output is asked for ({@code k0} null): the next step evaluates it, and the last
 * step of a solve saves the evaluation (RK4 in 10 steps evaluates the field 40 times, not 41).
 *
 * @param k0 the derivative at the current state, or null where the next step evaluates it
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
        return k0 == null ? List.of() : List.of(k0);
    }
}
