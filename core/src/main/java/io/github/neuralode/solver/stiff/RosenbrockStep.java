package io.github.neuralode.solver.stiff;

import ai.djl.ndarray.NDArray;

/**
 * One attempted Rosenbrock step on a flattened batch {@code (batch, n)}.
 *
 * @param y1 the proposed state at {@code t + h}, {@code (batch, n)}, on the tape when recording
 * @param error the embedded error estimate {@code y1 - yHat1} {@code (batch, n)}, off the tape
 * @param fEnd {@code f(t + h, y1)} {@code (batch, n)} for FSAL methods (the next step's first
 *     evaluation), {@code null} otherwise
 * @param interpolant the dense output over the step
 */
public record RosenbrockStep(
        NDArray y1,
        NDArray error,
        NDArray fEnd,
        RosenbrockInterpolant interpolant) {}
