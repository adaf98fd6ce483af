package io.github.neuralode.solver.stepsize;

import ai.djl.ndarray.types.DataType;

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

    /**
     * Refuses, before any step, a solve that this controller cannot carry out on the given span
     * and data type (a step below the resolution of {@code t}, a tolerance below the precision of
     * the data type).
     *
     * @param t0 the initial time
     * @param t1 the end time
     * @param dataType the data type of the state, float32 or float64
     * @throws IllegalArgumentException naming the setting and the fix
     */
    void checkSolvable(double t0, double t1, DataType dataType);

    /**
     * Returns the smallest step that still moves a time of magnitude up to {@code max(|t0|, |t1|)}:
     * eight units in the last place of that magnitude. Steps below it leave {@code t} unchanged.
     *
     * @param t0 the initial time
     * @param t1 the end time
     * @return the resolution of time on the span, positive
     */
    static double timeResolution(double t0, double t1) {
        return 8 * Math.ulp(Math.max(Math.abs(t0), Math.abs(t1)));
    }
}
